package io.leadflow.nurturing.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.leadflow.events.Channel;
import io.leadflow.nurturing.domain.EnrollmentPlan.PlannedTouch;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/**
 * One planned touch of an enrollment and when it falls due. {@code status}: SCHEDULED until it is done, then SENT
 * (an email out, or a task handed to the reps), SKIPPED (suppressed, no consent, refused, template broken),
 * FAILED (SMTP kept failing), or CANCELLED (the lead left its sequence).
 */
@Entity
@Table(name = "scheduled_touch")
public class ScheduledTouch extends PanacheEntityBase {

    public static final String SCHEDULED = "SCHEDULED";
    public static final String SENT = "SENT";
    public static final String SKIPPED = "SKIPPED";
    public static final String FAILED = "FAILED";
    public static final String CANCELLED = "CANCELLED";

    /**
     * Takes the most overdue touch that no other transaction holds. The row lock lasts until the claiming
     * transaction ends, so another instance (or a pass after a restart) can never take the same touch twice.
     */
    private static final String CLAIM_DUE = "select * from scheduled_touch where status = 'SCHEDULED' "
            + "and due_at <= :now order by due_at limit 1 for update skip locked";

    @Id
    public UUID id;

    @Column(name = "enrollment_id")
    public UUID enrollmentId;

    public int step;

    @Enumerated(EnumType.STRING)
    public Channel channel;

    public String template;

    @Column(name = "due_at")
    public Instant dueAt;

    public String status;

    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "recipient_domain")
    public String recipientDomain;

    /** A planned touch of an enrollment, to persist. */
    public static ScheduledTouch planned(UUID enrollmentId, PlannedTouch planned) {
        ScheduledTouch touch = new ScheduledTouch();
        touch.id = planned.id();
        touch.enrollmentId = enrollmentId;
        touch.step = planned.step();
        touch.channel = planned.channel();
        touch.template = planned.template();
        touch.dueAt = planned.dueAt();
        touch.status = planned.status();
        return touch;
    }

    /** Cancels what an enrollment still had planned. */
    public static Uni<Integer> cancelPending(UUID enrollmentId) {
        return update("status = ?1 where enrollmentId = ?2 and status = ?3", CANCELLED, enrollmentId, SCHEDULED);
    }

    public static Uni<List<ScheduledTouch>> ofEnrollment(UUID enrollmentId) {
        return list("enrollmentId = ?1 order by step", enrollmentId);
    }

    /** The next due touch, locked for the caller's transaction; null when none is due (or all are taken). */
    public static Uni<ScheduledTouch> claimDue(Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLAIM_DUE, ScheduledTouch.class)
                .setParameter("now", now).getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** Whether the enrollment still has touches to go. */
    public static Uni<Boolean> anyPending(UUID enrollmentId) {
        return count("enrollmentId = ?1 and status = ?2", enrollmentId, SCHEDULED).map(n -> n > 0);
    }

    /** Emails sent to a domain since {@code since}, by every instance: what the per-domain throttle counts. */
    public static Uni<Long> sentToDomainSince(String domain, Instant since) {
        return count("recipientDomain = ?1 and sentAt > ?2", domain, since);
    }

    /** When the enrollment's last email went out, or null. */
    public static Uni<Instant> lastEmailSentAt(UUID enrollmentId) {
        return find("enrollmentId = ?1 and channel = ?2 and status = ?3 order by sentAt desc", enrollmentId,
                Channel.EMAIL, SENT).<ScheduledTouch> firstResult().map(t -> t == null ? null : t.sentAt);
    }

    /** Keeps a stored error readable and inside its column. */
    public void fail(String error) {
        lastError = error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
    }
}
