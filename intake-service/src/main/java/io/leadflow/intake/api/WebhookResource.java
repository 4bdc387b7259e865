package io.leadflow.intake.api;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.leadflow.events.Activity;
import io.leadflow.intake.config.IntakeConfig;
import io.leadflow.intake.domain.ConsentAnswers;
import io.leadflow.intake.domain.EngagementIntake;
import io.leadflow.intake.domain.EngagementIntake.ValidEngagement;
import io.leadflow.intake.domain.Emails;
import io.leadflow.intake.domain.JsonFieldPath;
import io.leadflow.intake.domain.LeadIntake;
import io.leadflow.intake.domain.LeadSubmission;
import io.leadflow.intake.domain.SubmissionValidator;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /api/v1/webhooks/{source}}: deliveries of form tools, ad platforms and email providers, each checked
 * against its sender's signature scheme and read through its field mapping. A repeated delivery (the same body) is
 * accepted once and answered as the first time.
 */
@Path("/api/v1/webhooks/{source}")
public class WebhookResource {

    static final String CHANNEL = "webhook";

    @Inject
    IntakeConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @Inject
    RateLimits rateLimits;

    @Inject
    OutboxLimit outboxLimit;

    @Inject
    IdempotentRequests requests;

    @Inject
    LeadIntake leads;

    @Inject
    EngagementIntake engagements;

    @Inject
    IntakeMetrics metrics;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@PathParam("source") String name, byte[] body, @Context HttpServerRequest request) {
        rateLimits.checkIp(Bodies.clientIp(request));
        outboxLimit.checkLive();
        IntakeConfig.Webhook webhook = config.webhooks().get(name);
        if (webhook == null) {
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "unknown-webhook",
                    "No webhook source named '" + name + "' is configured."));
        }
        Bodies.requireSize(body, config.maxWebhookBodyBytes(), metrics);
        String uri = webhook.publicUrl().map(base -> base.replaceAll("/+$", "") + request.uri())
                .orElse(request.absoluteURI());
        WebhookSignatures.Refusal refusal = WebhookSignatures.verify(webhook.scheme(), webhook.secrets().orElse(List.of()),
                webhook.signatureHeader(), new WebhookSignatures.SignedRequest(request.method().name(), uri, body,
                        request::getHeader), clock.instant());
        if (refusal != null) {
            metrics.rejected("bad_signature");
            throw new ProblemException(Problem.of(Response.Status.UNAUTHORIZED, "bad-signature",
                    "The delivery is not signed for webhook '" + name + "': " + refusal.reason + "."));
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            metrics.rejected("malformed");
            throw new ProblemException(Problem.of(400, "Malformed JSON", "malformed-json",
                    "The delivery is not valid JSON."));
        }
        String source = webhook.source().orElse(name);
        // The body's own hash makes a repeated delivery idempotent, whatever the sender's retry headers.
        String deliveryKey = IdempotentRequests.sha256(body);
        Uni<Response> answer = "engagement".equals(webhook.kind())
                ? requests.run("webhook:" + name, deliveryKey, body, () -> engagements
                        .record(engagementsOf(root, webhook), true)
                        .map(recorded -> new IdempotentRequests.Answer(202, Map.of("recorded", recorded.size()))))
                : lead(root, webhook, source, deliveryKey, body, Bodies.clientIp(request));
        return answer.invoke(leads::publishCommitted)
                .onFailure(failure -> !(failure instanceof ProblemException)).transform(Bodies::notDurable);
    }

    private Uni<Response> lead(JsonNode root, IntakeConfig.Webhook webhook, String source, String deliveryKey,
            byte[] body, String ip) {
        Map<String, String> fields = new TreeMap<>();
        webhook.fields().forEach((field, path) -> fields.put(field, JsonFieldPath.parse(path).text(root)));
        LeadSubmission submission = new LeadSubmission(fields.get("email"), fields.get("firstName"),
                fields.get("lastName"), fields.get("company"), fields.get("website"), fields.get("jobTitle"),
                fields.get("phone"), fields.get("country"), fields.get("language"), fields.get("timeZone"), source,
                fields.get("campaign"), fields.get("formType") != null ? fields.get("formType") : webhook.formType(),
                ConsentAnswers.isYes(fields.get("marketingConsent")), fields.get("consentTextVersion"), null, Map.of());
        SubmissionValidator.Result result = SubmissionValidator.validate(submission, source);
        if (!result.valid()) {
            metrics.rejected("invalid");
            throw new ProblemException(new Problem("https://leadflow.io/problems/validation",
                    "Unusable delivery", 422, "The delivery is signed but its lead is not valid.", result.errors()));
        }
        return requests.run("webhook:" + source, deliveryKey, body,
                () -> leads.accept(result.lead(), new LeadIntake.Origin(CHANNEL, ip))
                        .map(accepted -> new IdempotentRequests.Answer(202,
                                Map.of("leadId", accepted.leadId(), "knownLead", accepted.knownLead()))))
                .invoke(() -> metrics.received(source, CHANNEL));
    }

    private List<ValidEngagement> engagementsOf(JsonNode root, IntakeConfig.Webhook webhook) {
        JsonNode items = webhook.items().filter(path -> !path.isBlank())
                .map(path -> JsonFieldPath.parse(path).node(root)).orElse(root);
        List<JsonNode> events = new ArrayList<>();
        if (items != null && items.isArray()) {
            items.forEach(events::add);
        } else if (items != null && items.isObject()) {
            events.add(items);
        }
        List<ValidEngagement> valid = new ArrayList<>();
        for (JsonNode event : events) {
            String email = field(webhook, "email", event);
            String name = field(webhook, "event", event);
            Activity activity = activity(webhook, name);
            if (activity == null || email == null) {
                continue;
            }
            Emails.normalize(email).ifPresent(normalized -> valid.add(new ValidEngagement(null, normalized,
                    activity, occurredAt(field(webhook, "occurredAt", event)), Map.of("providerEvent", name))));
        }
        return valid;
    }

    /** The activity a sender's event stands for; null for events Leadflow does not track. */
    private static Activity activity(IntakeConfig.Webhook webhook, String event) {
        String mapped = event == null ? null : webhook.activities().get(event.toLowerCase(Locale.ROOT));
        try {
            return mapped == null ? null : Activity.fromWire(mapped);
        } catch (IllegalArgumentException misconfigured) {
            return null;
        }
    }

    private static String field(IntakeConfig.Webhook webhook, String field, JsonNode node) {
        String path = webhook.fields().get(field);
        return path == null ? null : JsonFieldPath.parse(path).text(node);
    }

    private Instant occurredAt(String value) {
        if (value == null) {
            return null;
        }
        try {
            return value.matches("\\d{9,11}") ? Instant.ofEpochSecond(Long.parseLong(value)) : Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }
}
