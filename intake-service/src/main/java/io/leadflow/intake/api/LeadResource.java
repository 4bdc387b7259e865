package io.leadflow.intake.api;

import java.io.IOException;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.leadflow.intake.config.IntakeConfig;
import io.leadflow.intake.domain.LeadIntake;
import io.leadflow.intake.domain.LeadSubmission;
import io.leadflow.intake.domain.SubmissionValidator;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.smallrye.mutiny.Uni;

/** {@code POST /api/v1/leads}: the JSON door for server-to-server lead submissions. */
@Path("/api/v1/leads")
public class LeadResource {

    static final String CHANNEL = "api";

    private final ObjectReader submissions;

    @Inject
    IntakeConfig config;

    @Inject
    LeadIntake intake;

    @Inject
    IntakeMetrics metrics;

    @Inject
    public LeadResource(ObjectMapper mapper) {
        this.submissions = mapper.readerFor(LeadSubmission.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            metrics.rejected("empty_body");
            throw new ProblemException(Problem.of(Response.Status.BAD_REQUEST, "empty-body",
                    "The body must be a JSON object describing the lead."));
        }
        if (body.length > config.maxLeadBodyBytes()) {
            metrics.rejected("too_large");
            throw new ProblemException(Problem.of(413, "Content Too Large", "body-too-large",
                    "A lead body may be at most " + config.maxLeadBodyBytes() + " bytes; this one has " + body.length
                            + "."));
        }
        LeadSubmission submission;
        try {
            submission = submissions.readValue(body);
        } catch (IOException e) {
            metrics.rejected("malformed");
            throw e;
        }
        if (submission == null) {
            metrics.rejected("malformed");
            throw new ProblemException(Problem.of(Response.Status.BAD_REQUEST, "empty-body",
                    "The body must be a JSON object describing the lead, not null."));
        }
        SubmissionValidator.Result result = SubmissionValidator.validate(submission);
        if (!result.valid()) {
            metrics.rejected("invalid");
            throw new ProblemException(Problem.invalid("The lead has invalid fields.", result.errors()));
        }
        return intake.accept(result.lead(), CHANNEL)
                .invoke(() -> metrics.received(result.lead().source(), CHANNEL))
                .map(leadId -> Response.accepted(Map.of("leadId", leadId)).build())
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> new ProblemException(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                        "not-durable", "The lead could not be stored durably right now; nothing was accepted. "
                                + "Retry shortly.")));
    }
}
