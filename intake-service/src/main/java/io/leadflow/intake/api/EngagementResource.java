package io.leadflow.intake.api;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.leadflow.intake.config.IntakeConfig;
import io.leadflow.intake.domain.EngagementIntake;
import io.leadflow.intake.domain.EngagementSubmission;
import io.leadflow.intake.domain.EngagementValidator;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /api/v1/engagements}: one activity, or a batch of up to 500, of people Leadflow knows, by lead id or
 * email. All or nothing: one unknown person is a 404 naming its position, and nothing of the batch is recorded.
 */
@Path("/api/v1/engagements")
public class EngagementResource {

    static final int MAX_BATCH = 500;

    private final ObjectMapper mapper;
    private final ObjectReader items;

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
    EngagementIntake engagements;

    @Inject
    io.leadflow.intake.messaging.OutboxRelay relay;

    @Inject
    IntakeMetrics metrics;

    @Inject
    Clock clock;

    @Inject
    public EngagementResource(ObjectMapper mapper) {
        this.mapper = mapper;
        this.items = mapper.readerFor(EngagementSubmission.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> record(byte[] body, @HeaderParam("X-Api-Key") String apiKey,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Idempotency-Key") String idempotencyKey)
            throws IOException {
        String source = apiKeys.authenticate(apiKey, authorization);
        rateLimits.checkKey(source);
        outboxLimit.checkLive();
        JsonNode root = Bodies.readJson(mapper.readerFor(JsonNode.class), body, config.maxEngagementBodyBytes(),
                metrics);
        boolean batch = root.isArray();
        if (batch && (root.isEmpty() || root.size() > MAX_BATCH)) {
            throw new ProblemException(Problem.invalid("A batch holds 1 to " + MAX_BATCH + " activities.",
                    List.of(new FieldError("$", "has " + root.size() + " items"))));
        }
        if (!batch && !root.isObject()) {
            throw new ProblemException(Problem.invalid("The body must be an activity or an array of activities.",
                    List.of(new FieldError("$", "is neither an object nor an array"))));
        }
        List<EngagementSubmission> submissions = new ArrayList<>();
        for (JsonNode item : batch ? root : List.of(root)) {
            submissions.add(items.readValue(item));
        }
        EngagementValidator.Result result = EngagementValidator.validate(submissions, batch, clock);
        if (!result.valid()) {
            metrics.rejected("invalid");
            throw new ProblemException(Problem.invalid("Some activities are invalid; none was recorded.",
                    result.errors()));
        }
        return requests.run("engagements:" + source, idempotencyKey, body,
                () -> engagements.record(result.engagements()).map(leadIds -> new IdempotentRequests.Answer(202,
                        Map.of("accepted", leadIds.size(), "leadIds", leadIds))))
                .invoke(relay::wake)
                .onFailure(EngagementIntake.UnknownPeople.class).transform(failure -> unknown(
                        (EngagementIntake.UnknownPeople) failure, batch))
                .onFailure(failure -> !(failure instanceof ProblemException)).transform(Bodies::notDurable);
    }

    private static ProblemException unknown(EngagementIntake.UnknownPeople unknown, boolean batch) {
        List<FieldError> errors = unknown.positions.stream()
                .map(i -> new FieldError(batch ? "[" + i + "]" : "$", "is not a person Leadflow knows"))
                .toList();
        return new ProblemException(new Problem("https://leadflow.io/problems/unknown-lead", "Unknown lead",
                Response.Status.NOT_FOUND.getStatusCode(),
                "No lead matches the lead id or email of " + errors.size() + " activit"
                        + (errors.size() == 1 ? "y" : "ies") + "; nothing was recorded.", errors));
    }
}
