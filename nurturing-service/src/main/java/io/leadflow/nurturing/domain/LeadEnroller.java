package io.leadflow.nurturing.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.leadflow.events.Lane;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Temperature;
import io.leadflow.nurturing.config.NurturingConfig;
import io.leadflow.nurturing.messaging.NurtureEvents;
import io.leadflow.nurturing.persistence.Enrollment;
import io.leadflow.nurturing.persistence.NurtureLead;
import io.leadflow.nurturing.persistence.PendingRelease;
import io.leadflow.nurturing.persistence.ScheduledTouch;
import io.leadflow.nurturing.persistence.SequenceStep;
import io.leadflow.nurturing.persistence.Suppression;
import io.leadflow.nurturing.persistence.Sequences;
import io.leadflow.support.messaging.Delivery;
import io.leadflow.support.messaging.InvalidEventException;
import io.leadflow.support.persistence.LeadLocks;
import io.smallrye.mutiny.Uni;

/**
 * Keeps every scored lead's snapshot and enrolls the leads that are not hot in the sequence whose entry criteria
 * fit them best ({@link SequenceChooser}), with each touch planned in the lead's time zone, publishing {@code enrolled} in the consumer's transaction. A lead already in a sequence stays where it
 * is (never two at once); one that completed a sequence re-enters after the cool-down; one that left a sequence
 * (replied, unsubscribed, handed to sales) re-enters only when routing releases it; a release that arrives before the
 * lead's score is kept ({@link PendingRelease}) and applied when the score arrives, never dropped. A lead that turns hot leaves its
 * sequence ({@code exited}, reason {@code handed_to_sales}) and its planned touches are cancelled.
 */
@ApplicationScoped
public class LeadEnroller {

    private static final Logger LOG = Logger.getLogger(LeadEnroller.class);
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Inject
    Clock clock;

    @Inject
    NurtureEvents events;

    @Inject
    NurtureMetrics metrics;

    @Inject
    EnrollmentExits exits;

    @Inject
    NurturingConfig config;

    @Inject
    Sequences sequences;

    public Uni<Void> onScored(Delivery<LeadScored> delivery) {
        LeadScored scored = delivery.event();
        if (scored.leadId() == null || scored.lead() == null || scored.temperature() == null) {
            throw new InvalidEventException("lead.scored.v1 without leadId, lead or temperature");
        }
        if (scored.temperature() == Temperature.UNKNOWN) {
            // A newer scoring's temperature decides nothing here (no hand-off, no enrollment): skipped, not parked.
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return LeadLocks.lock(scored.leadId())
                .chain(() -> Suppression.erased(scored.leadId()))
                .chain(erased -> {
                    if (erased) {
                        LOG.infof("Lead %s was erased: its late score is not kept", scored.leadId());
                        return Uni.createFrom().voidItem();
                    }
                    return NurtureLead.remember(scored, now).chain(lead -> lead == null ? stale(scored, delivery)
                            : byScore(scored, lead, delivery, now)
                                    .chain(() -> PendingRelease.take(scored.leadId()))
                                    .chain(pending -> pending == null ? Uni.createFrom().voidItem()
                                            : releasedAfterScore(lead, pending, delivery::afterCommit)));
                });
    }

    /** A score older than the one kept, come late from the other lane: neither kept nor acted on. */
    private static Uni<Void> stale(LeadScored scored, Delivery<LeadScored> delivery) {
        LOG.infof("Lead %s: a score older than the one kept arrived late (%s lane), ignored", scored.leadId(),
                delivery.lane().wire());
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> byScore(LeadScored scored, NurtureLead lead, Delivery<LeadScored> delivery, Instant now) {
        if (scored.temperature() == Temperature.HOT) {
            return exits.exitActive(scored.leadId(), EnrollmentExits.HANDED_TO_SALES, delivery.eventId(),
                    lead.receivedAt, delivery::afterCommit);
        }
        return Enrollment.latestOf(scored.leadId()).chain(latest -> mayEnterByScore(latest, now)
                ? enroll(lead, delivery.eventId(), delivery.lane(), delivery::afterCommit)
                : Uni.createFrom().voidItem());
    }

    /**
     * A release that came before the snapshot is applied right after it, as if it had come second: the lead follows
     * a sequence unless the score already put it in one.
     */
    private Uni<Void> releasedAfterScore(NurtureLead lead, PendingRelease pending, Consumer<Runnable> afterCommit) {
        LOG.infof("Lead %s: applying routing's release that came before its score", lead.leadId);
        return Enrollment.activeOf(lead.leadId).chain(active -> active != null ? Uni.createFrom().voidItem()
                : enroll(lead, pending.causeEventId, Lane.LIVE, afterCommit));
    }

    /** A lead routing handed back (declined by all, never accepted, disqualified for timing) follows a sequence again. */
    public Uni<Void> onReleased(UUID leadId, String causeEventId, Consumer<Runnable> afterCommit) {
        return LeadLocks.lock(leadId)
                .chain(() -> Enrollment.activeOf(leadId))
                .chain(active -> active != null ? Uni.createFrom().voidItem()
                        : NurtureLead.byId(leadId).chain(lead -> {
                            if (lead == null) {
                                LOG.infof("Lead %s released by routing before its score arrived here: kept until then",
                                        leadId);
                                return PendingRelease.keep(leadId, causeEventId, clock.instant());
                            }
                            return enroll(lead, causeEventId, Lane.LIVE, afterCommit);
                        }));
    }

    private boolean mayEnterByScore(Enrollment latest, Instant now) {
        if (latest == null) {
            return true;
        }
        return Enrollment.COMPLETED.equals(latest.status) && latest.completedAt != null
                && !latest.completedAt.plus(config.coolDown()).isAfter(now);
    }

    private Uni<Void> enroll(NurtureLead lead, String causeEventId, Lane lane, Consumer<Runnable> afterCommit) {
        SequenceChooser.LeadFacts facts = new SequenceChooser.LeadFacts(lead.temperature, lead.grade, lead.stage,
                lead.language, lead.source);
        return sequences.all().map(all -> SequenceChooser.choose(all, facts)).chain(chosen -> {
            if (chosen.isEmpty()) {
                LOG.warnf("No sequence with steps fits lead %s (%s): not enrolled", lead.leadId, facts);
                afterCommit.accept(() -> metrics.skipped("no_sequence"));
                return Uni.createFrom().voidItem();
            }
            String sequenceId = chosen.get().id();
            return SequenceStep.of(sequenceId).chain(steps -> start(lead, sequenceId, steps, causeEventId, lane,
                    afterCommit));
        });
    }

    private Uni<Void> start(NurtureLead lead, String sequenceId, List<SequenceStep> steps, String causeEventId,
            Lane lane, Consumer<Runnable> afterCommit) {
        Instant now = clock.instant();
        Enrollment enrollment = new Enrollment();
        enrollment.id = UUID.randomUUID();
        enrollment.leadId = lead.leadId;
        enrollment.sequenceId = sequenceId;
        enrollment.status = Enrollment.ACTIVE;
        enrollment.email = lead.email;
        enrollment.language = lead.language == null ? "en" : lead.language;
        enrollment.timeZone = zoneOf(lead.timeZone, afterCommit).getId();
        enrollment.enrolledAt = now;
        return enrollment.persist()
                .chain(() -> ScheduledTouch.persist(touches(enrollment, steps, config.businessDays())))
                .chain(() -> events.publish(causeEventId, "enrolled", new LeadNurture(lead.leadId, enrollment.id,
                        sequenceId, NurtureStatus.ENROLLED, null, null, null, null, lead.receivedAt, now), lane, now))
                .invoke(() -> afterCommit.accept(() -> metrics.enrolled(sequenceId)));
    }

    private static List<ScheduledTouch> touches(Enrollment enrollment, List<SequenceStep> steps,
            java.util.Set<java.time.DayOfWeek> businessDays) {
        ZoneId zone = ZoneId.of(enrollment.timeZone);
        return steps.stream().map(step -> {
            ScheduledTouch touch = new ScheduledTouch();
            touch.id = UUID.randomUUID();
            touch.enrollmentId = enrollment.id;
            touch.step = step.position;
            touch.channel = step.channel;
            touch.template = step.template;
            SendWindow window = (step.windowStart == null ? SendWindow.WORKING_DAY
                    : new SendWindow(step.windowStart, step.windowEnd)).on(businessDays);
            touch.dueAt = TouchPlanner.dueAt(enrollment.enrolledAt, zone, step.delayDays, window);
            touch.status = ScheduledTouch.SCHEDULED;
            return touch;
        }).toList();
    }

    /** A lead without a usable time zone is planned in UTC, and counted, rather than left out. */
    private ZoneId zoneOf(String timeZone, Consumer<Runnable> afterCommit) {
        if (timeZone != null) {
            try {
                return ZoneId.of(timeZone);
            } catch (java.time.DateTimeException e) {
                LOG.warnf("Unknown time zone %s: planned in UTC", timeZone);
            }
        }
        afterCommit.accept(metrics::plannedInUtc);
        return UTC;
    }
}
