package io.leadflow.intake.api;

import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.leadflow.intake.domain.Emails;
import io.leadflow.intake.privacy.Exports;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.leadflow.support.security.Roles;
import io.smallrye.mutiny.Uni;

/**
 * A person's consent history (GDPR Art. 7(1): showing that and how they consented), for admins: every answer intake
 * recorded, oldest first, including those kept as anonymous proof after an erasure.
 */
@Path("/api/v1/privacy/consents")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ConsentResource {

    @Inject
    Exports exports;

    @GET
    public Uni<Exports.ConsentHistory> history(@QueryParam("email") String email) {
        if (email == null || email.isBlank()) {
            throw new ProblemException(Problem.invalid("The email is missing.",
                    List.of(new FieldError("email", "is required"))));
        }
        Optional<String> normalized = Emails.normalize(email);
        if (normalized.isEmpty()) {
            throw new ProblemException(Problem.invalid("The email is invalid.",
                    List.of(new FieldError("email", "is not a valid email address"))));
        }
        return exports.consentHistory(normalized.get()).onItem().ifNull().failWith(() -> new ProblemException(
                Problem.of(Response.Status.NOT_FOUND, "consents-not-found",
                        "Intake holds no consent answer for that email.")));
    }
}
