package io.leadflow.intake.api;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
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

import com.fasterxml.jackson.databind.ObjectMapper;

import io.leadflow.intake.messaging.OutboxRelay;
import io.leadflow.intake.privacy.Erasures;
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

    private final PrivacySubjects subjects;

    @Inject
    Erasures erasures;

    @Inject
    OutboxRelay relay;

    @Inject
    SecurityIdentity identity;

    @Inject
    public ErasureResource(ObjectMapper mapper) {
        this.subjects = new PrivacySubjects(mapper);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> request(byte[] body) throws IOException {
        PrivacySubjects.Subject subject = subjects.read(body, "An erasure request");
        boolean hasEmail = subject.byEmail();
        String requestedBy = identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
        return erasures.request(subject.email(), subject.leadId(), requestedBy)
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
