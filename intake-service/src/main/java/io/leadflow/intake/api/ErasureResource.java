package io.leadflow.intake.api;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.leadflow.intake.domain.Emails;
import io.leadflow.intake.messaging.OutboxRelay;
import io.leadflow.intake.privacy.Erasures;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.leadflow.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * GDPR erasure (Art. 17), for admins: {@code POST} erases a person known by email or lead id across Leadflow and
 * answers {@code 202} with the request; {@code GET /{id}} shows which services confirmed.
 */
@Path("/api/v1/privacy/erasure")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ErasureResource {

    static final int MAX_BODY_BYTES = 4096;

    /** Exactly one of the two. */
    public record ErasureBody(String email, String leadId) {
    }

    private final ObjectReader bodies;

    @Inject
    Erasures erasures;

    @Inject
    OutboxRelay relay;

    @Inject
    SecurityIdentity identity;

    @Inject
    public ErasureResource(ObjectMapper mapper) {
        this.bodies = mapper.readerFor(ErasureBody.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> request(byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.invalid("The body is empty.",
                    List.of(new FieldError("$", "send {\"email\": ...} or {\"leadId\": ...}"))));
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ProblemException(Problem.of(413, "Content Too Large", "too-large",
                    "An erasure request is at most " + MAX_BODY_BYTES + " bytes."));
        }
        ErasureBody request = bodies.readValue(body);
        List<FieldError> errors = new ArrayList<>();
        boolean hasEmail = request != null && request.email() != null && !request.email().isBlank();
        boolean hasLead = request != null && request.leadId() != null && !request.leadId().isBlank();
        if (hasEmail == hasLead) {
            errors.add(new FieldError(hasEmail ? "leadId" : "email", "give exactly one of email and leadId"));
        }
        Optional<String> email = hasEmail ? Emails.normalize(request.email()) : Optional.empty();
        if (hasEmail && email.isEmpty()) {
            errors.add(new FieldError("email", "is not a valid email address"));
        }
        UUID leadId = null;
        if (hasLead) {
            try {
                leadId = UUID.fromString(request.leadId().strip());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("leadId", "is not a UUID"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("The erasure request is invalid.", errors));
        }
        String requestedBy = identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
        UUID lead = leadId;
        return erasures.request(email.orElse(null), lead, requestedBy)
                .onFailure(Erasures.UnknownPerson.class).transform(unknown -> new ProblemException(Problem.of(
                        Response.Status.NOT_FOUND, "person-not-found",
                        "Intake knows no person by that " + (hasEmail ? "email" : "lead id")
                                + " (never seen, or already erased).")))
                .invoke(() -> relay.wake())
                .map(id -> Response.accepted(Map.of("id", id, "status", "pending"))
                        .location(URI.create("/api/v1/privacy/erasure/" + id)).build());
    }

    @GET
    @Path("/{id}")
    public Uni<Erasures.Status> status(@PathParam("id") String id) {
        UUID requestId;
        try {
            requestId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "erasure-not-found",
                    "No erasure request " + id + "."));
        }
        return erasures.status(requestId).onItem().ifNull().failWith(() -> new ProblemException(Problem.of(
                Response.Status.NOT_FOUND, "erasure-not-found", "No erasure request " + id + ".")));
    }
}
