package io.leadflow.intake.api;

import java.io.IOException;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
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
import io.vertx.core.http.HttpServerRequest;

/** {@code POST /api/v1/leads}: the JSON door for server-to-server lead submissions, one API key per source. */
@Path("/api/v1/leads")
public class LeadResource {

    static final String CHANNEL = "api";

    private final ObjectReader submissions;

    @Inject
    IntakeConfig config;

    @Inject
    ApiKeys apiKeys;

    @Inject
    RateLimits rateLimits;

    @Inject
    OutboxLimit outboxLimit;

    @Inject
    IdempotentRequests requests;

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
    public Uni<Response> submit(byte[] body, @HeaderParam("X-Api-Key") String apiKey,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context HttpServerRequest request) throws IOException {
        String source = apiKeys.authenticate(apiKey, authorization);
        rateLimits.checkKey(source);
        outboxLimit.checkLive();
        LeadSubmission submission = Bodies.readJson(submissions, body, config.maxLeadBodyBytes(), metrics);
        SubmissionValidator.Result result = SubmissionValidator.validate(submission, source);
        if (!result.valid()) {
            metrics.rejected("invalid");
            throw new ProblemException(Problem.invalid("The lead has invalid fields.", result.errors()));
        }
        LeadIntake.Origin origin = new LeadIntake.Origin(CHANNEL, Bodies.clientIp(request));
        return requests.run("api:" + source, idempotencyKey, body,
                () -> intake.accept(result.lead(), origin).map(accepted -> new IdempotentRequests.Answer(202,
                        Map.of("leadId", accepted.leadId(), "knownLead", accepted.knownLead()))))
                .invoke(() -> {
                    intake.publishCommitted();
                    metrics.received(result.lead().source(), CHANNEL);
                })
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(Bodies::notDurable);
    }
}
