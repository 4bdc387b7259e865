package io.leadflow.nurturing.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.leadflow.events.Channel;
import io.leadflow.events.Lane;
import io.leadflow.events.LeadNurture;

/**
 * What {@link EnrollmentPlanner} decided for a batch of scored leads, for the caller to store and publish in one
 * transaction: the snapshots to keep, the enrollments to start (with their touches), the enrollments to end, the
 * early releases used, the events to publish in order, and what to count once committed.
 */
public record EnrollmentPlan(List<LeadSnapshot> snapshots, List<NewEnrollment> enrollments,
        List<UUID> exitedEnrollments, String exitReason, Instant exitedAt, List<UUID> releasesTaken,
        List<Publication> publications, List<Count> counts) {

    /** The latest snapshot of a scored lead, as nurturing keeps it (what emails are personalised with). */
    public record LeadSnapshot(UUID leadId, String email, String firstName, String lastName, String company,
            String industry, String country, String language, String timeZone, String source, String temperature,
            String grade, String stage, boolean marketingConsent, Instant receivedAt, Instant scoredAt) {
    }

    /**
     * An enrollment started by the batch; {@code status} is already {@code EXITED} (and its touches cancelled) when a
     * later record of the same batch took the lead out again.
     */
    public record NewEnrollment(UUID id, UUID leadId, String sequenceId, String status, String email, String language,
            String timeZone, Instant enrolledAt, String exitReason, Instant exitedAt, List<PlannedTouch> touches) {
    }

    /** One planned touch of a new enrollment. */
    public record PlannedTouch(UUID id, int step, Channel channel, String template, Instant dueAt, String status) {
    }

    /** An event to publish, caused by the batch's record at {@code delivery} (or by what it applied). */
    public record Publication(int delivery, String causeEventId, String effect, LeadNurture event, Lane lane) {
    }

    /** Something to count once the batch committed, for the record at {@code delivery}. */
    public record Count(int delivery, Kind kind, String tag) {

        public enum Kind {
            ENROLLED, EXITED, NO_SEQUENCE, PLANNED_IN_UTC
        }
    }

    public boolean storesNothing() {
        return snapshots.isEmpty() && enrollments.isEmpty() && exitedEnrollments.isEmpty() && releasesTaken.isEmpty();
    }
}
