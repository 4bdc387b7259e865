package io.leadflow.routing.api;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.routing.api.AdminRequests.Errors;
import io.leadflow.routing.outbound.OutboundDeliveries;
import io.leadflow.routing.outbound.OutboundTargets;
import io.leadflow.routing.persistence.Webhook;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.leadflow.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * {@code /api/v1/admin/webhooks}: where assignment lifecycle events are delivered (a CRM, a chat channel), signed
 * with the webhook's secret and retried with back-off. The secret is never shown again once set; one is generated
 * when none is given and returned once, in the answer that created it.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/admin/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookAdminResource {

    public record WebhookRequest(String name, String url, String secret, String format, List<String> statuses,
            Boolean active) {
    }

    /** A webhook as shown: {@code secret} only in the answer that generated it. */
    public record WebhookView(UUID id, String name, String url, String format, List<String> statuses, boolean active,
            Instant createdAt, String secret) {
    }

    private static final List<String> FORMATS = List.of("event", "slack");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Clock clock;

    @Inject
    OutboundTargets targets;

    @Inject
    OutboundDeliveries deliveries;

    @GET
    @WithSession
    public Uni<List<WebhookView>> webhooks() {
        return Webhook.<Webhook> list("order by createdAt").map(all -> all.stream().map(w -> view(w, null)).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    public Uni<RestResponse<WebhookView>> create(WebhookRequest request) {
        check(request, true);
        Webhook webhook = new Webhook();
        webhook.id = UUID.randomUUID();
        webhook.createdAt = clock.instant();
        String generated = request.secret() == null ? newSecret() : null;
        apply(webhook, request, generated);
        return webhook.<Webhook> persist().map(saved -> RestResponse.status(Response.Status.CREATED,
                view(saved, generated)));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    public Uni<WebhookView> update(@PathParam("id") String id, WebhookRequest request) {
        UUID webhookId = AssignmentResource.parseId(id);
        check(request, false);
        return Webhook.<Webhook> findById(webhookId).map(webhook -> {
            if (webhook == null) {
                throw unknown(webhookId);
            }
            apply(webhook, request, null);
            return view(webhook, null);
        });
    }

    @DELETE
    @Path("/{id}")
    @WithTransaction
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        UUID webhookId = AssignmentResource.parseId(id);
        return Webhook.deleteById(webhookId).map(deleted -> {
            if (!deleted) {
                throw unknown(webhookId);
            }
            return RestResponse.noContent();
        });
    }

    /** The webhook's latest deliveries, newest first: state, attempts, last error. */
    @GET
    @Path("/{id}/deliveries")
    @WithSession
    public Uni<List<OutboundDeliveries.DeliveryView>> deliveries(@PathParam("id") String id) {
        UUID webhookId = AssignmentResource.parseId(id);
        return Webhook.<Webhook> findById(webhookId).chain(webhook -> {
            if (webhook == null) {
                throw unknown(webhookId);
            }
            return deliveries.ofWebhook(webhookId);
        });
    }

    private void apply(Webhook webhook, WebhookRequest request, String generatedSecret) {
        webhook.name = request.name().trim();
        webhook.url = request.url().strip();
        if (request.secret() != null) {
            webhook.secret = request.secret();
        } else if (generatedSecret != null) {
            webhook.secret = generatedSecret;
        }
        webhook.format = request.format() == null ? "event" : request.format();
        webhook.statuses = EventJson.write(AdminRequests.list(request.statuses()).stream().distinct().toList());
        webhook.active = request.active() == null || request.active();
    }

    private void check(WebhookRequest request, boolean creating) {
        Errors errors = new Errors();
        if (request == null) {
            errors.add("$", "a body is required");
            errors.throwIfAny("The webhook is not valid.");
        }
        if (request.name() == null || request.name().isBlank() || request.name().length() > 100) {
            errors.add("name", "is required, up to 100 characters");
        }
        if (request.url() == null) {
            errors.add("url", "is required, up to 2000 characters");
        } else {
            targets.refusal(request.url()).ifPresent(why -> errors.add("url", why));
        }
        if (request.secret() != null && (request.secret().length() < 16 || request.secret().length() > 200)) {
            errors.add("secret", "must be 16 to 200 characters (leave it out to have one generated)");
        }
        if (request.format() != null && !FORMATS.contains(request.format())) {
            errors.add("format", "must be one of " + FORMATS);
        }
        AdminRequests.list(request.statuses()).forEach(status -> {
            try {
                AssignmentStatus.fromWire(status);
            } catch (RuntimeException e) {
                errors.add("statuses", "'" + status + "' is not a lifecycle status");
            }
        });
        errors.throwIfAny(creating ? "The webhook is not valid." : "The webhook change is not valid.");
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static WebhookView view(Webhook webhook, String secret) {
        return new WebhookView(webhook.id, webhook.name, webhook.url, webhook.format, webhook.statusList(),
                webhook.active, webhook.createdAt, secret);
    }

    private static ProblemException unknown(UUID id) {
        return new ProblemException(Problem.of(Response.Status.NOT_FOUND, "unknown-webhook",
                "No webhook with id " + id + "."));
    }
}
