package io.leadflow.nurturing.handling;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.leadflow.events.LeadNurture;
import io.leadflow.events.NurtureStatus;
import io.leadflow.nurturing.domain.EnrollmentPlanner;
import io.leadflow.nurturing.messaging.NurtureEvents;
import io.leadflow.nurturing.metrics.NurtureMetrics;
import io.leadflow.nurturing.persistence.Enrollment;
import io.leadflow.nurturing.persistence.ScheduledTouch;
import io.smallrye.mutiny.Uni;

/**
 * Takes a lead out of its sequence: the enrollment ends with its reason, what it still had planned is cancelled, and
 * {@code exited} is published, all in the caller's transaction.
 */
@ApplicationScoped
public class EnrollmentExits {

    public static final String HANDED_TO_SALES = EnrollmentPlanner.HANDED_TO_SALES;
    public static final String REPLIED = "replied";
    public static final String MEETING_BOOKED = "meeting_booked";
    public static final String UNSUBSCRIBED = "unsubscribed";
    public static final String BOUNCED = "bounced";

    @Inject
    Clock clock;

    @Inject
    NurtureEvents events;

    @Inject
    NurtureMetrics metrics;

    /** Exits the lead's active enrollment, if it has one. {@code afterCommit} receives what runs once committed. */
    public Uni<Void> exitActive(UUID leadId, String reason, String causeEventId, Instant receivedAt,
            Consumer<Runnable> afterCommit) {
        return Enrollment.activeOf(leadId).chain(active -> active == null ? Uni.createFrom().voidItem()
                : exit(active, reason, causeEventId, receivedAt, afterCommit));
    }

    private Uni<Void> exit(Enrollment enrollment, String reason, String causeEventId, Instant receivedAt,
            Consumer<Runnable> afterCommit) {
        Instant now = clock.instant();
        enrollment.status = Enrollment.EXITED;
        enrollment.exitReason = reason;
        enrollment.exitedAt = now;
        return enrollment.persistAndFlush()
                .chain(() -> ScheduledTouch.cancelPending(enrollment.id))
                .chain(() -> events.publish(causeEventId, "exited", new LeadNurture(enrollment.leadId, enrollment.id,
                        enrollment.sequenceId, NurtureStatus.EXITED, null, null, null, reason, receivedAt, now), now))
                .invoke(() -> afterCommit.accept(() -> metrics.exited(reason)));
    }
}
