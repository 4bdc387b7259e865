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
import io.leadflow.intake.privacy.Exports;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.leadflow.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * GDPR access and portability (Art. 15/20), for admins: {@code POST} starts the export of a person known by email or
 * lead id and answers {@code 202} with its location; {@code GET /{id}} shows which services answered, then, once all
 * did, the whole export as one JSON document.
 */
@Path("/api/v1/privacy/exports")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {

    private final PrivacySubjects subjects;

    @Inject
    Exports exports;

    @Inject
    OutboxRelay relay;

    @Inject
    SecurityIdentity identity;

    @Inject
    public ExportResource(ObjectMapper mapper) {
        this.subjects = new PrivacySubjects(mapper);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> request(byte[] body) throws IOException {
        PrivacySubjects.Subject subject = subjects.read(body, "An export request");
        String requestedBy = identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
        return exports.request(subject.email(), subject.leadId(), requestedBy)
                .onFailure(Exports.UnknownPerson.class).transform(unknown -> new ProblemException(Problem.of(
                        Response.Status.NOT_FOUND, "person-not-found",
                        "Intake knows no person by that " + (subject.byEmail() ? "email" : "lead id")
                                + " (never seen, or already erased).")))
                .invoke(() -> relay.wake())
                .map(id -> Response.accepted(Map.of("id", id, "status", "pending"))
                        .location(URI.create("/api/v1/privacy/exports/" + id)).build());
    }

    @GET
    @Path("/{id}")
    public Uni<Map<String, Object>> read(@PathParam("id") String id) {
        UUID exportId;
        try {
            exportId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
        return exports.read(exportId).onItem().ifNull().failWith(() -> notFound(id));
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.of(Response.Status.NOT_FOUND, "export-not-found",
                "No export " + id + " (never requested, or purged)."));
    }
}
