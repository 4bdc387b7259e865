package io.leadflow.nurturing.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.leadflow.events.Channel;
import io.leadflow.nurturing.persistence.Enrollment;
import io.leadflow.nurturing.persistence.ScheduledTouch;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.leadflow.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** A lead's enrollment and its touches, for admin, ops and reps. */
@Path("/api/v1/leads/{leadId}/enrollment")
@RolesAllowed({ Roles.ADMIN, Roles.OPS, Roles.REP })
public class EnrollmentResource {

    public record TouchView(int step, Channel channel, String template, Instant dueAt, String status, int attempts,
            String lastError, Instant sentAt) {
    }

    public record EnrollmentView(UUID enrollmentId, UUID leadId, String sequenceId, String status, String language,
            String timeZone, Instant enrolledAt, String exitReason, Instant exitedAt, List<TouchView> touches) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<EnrollmentView> enrollment(@PathParam("leadId") UUID leadId) {
        return Enrollment.latestOf(leadId)
                .onItem().ifNull().failWith(() -> new ProblemException(Problem.of(Response.Status.NOT_FOUND,
                        "not-enrolled", "Lead " + leadId + " is not enrolled in any sequence.")))
                .chain(e -> ScheduledTouch.ofEnrollment(e.id).map(touches -> new EnrollmentView(e.id, e.leadId,
                        e.sequenceId, e.status.toLowerCase(java.util.Locale.ROOT), e.language, e.timeZone,
                        e.enrolledAt, e.exitReason, e.exitedAt, touches.stream().map(t -> new TouchView(t.step, t.channel, t.template,
                                t.dueAt, t.status.toLowerCase(java.util.Locale.ROOT), t.attempts, t.lastError, t.sentAt)).toList())));
    }
}
