package io.leadflow.nurturing.handling;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.leadflow.events.LeadNurture;
import io.leadflow.events.NurtureStatus;
import io.leadflow.nurturing.config.NurturingConfig;
import io.leadflow.nurturing.domain.EnrollmentPlanner;
import io.leadflow.nurturing.domain.SequenceChooser;
import io.leadflow.nurturing.domain.SequenceDefinition;
import io.leadflow.nurturing.messaging.NurtureEvents;
import io.leadflow.nurturing.metrics.NurtureMetrics;
import io.leadflow.nurturing.persistence.Enrollment;
import io.leadflow.nurturing.persistence.NurtureLead;
import io.leadflow.nurturing.persistence.PendingRelease;
import io.leadflow.nurturing.persistence.ScheduledTouch;
import io.leadflow.nurturing.persistence.Sequences;
import io.leadflow.support.persistence.LeadLocks;
import io.smallrye.mutiny.Uni;

/**
 * Enrolls a lead routing handed back (declined by all, never accepted) in the sequence whose entry criteria fit it
 * best, unless it follows one already; a release that arrives before the lead's score is kept ({@link PendingRelease})
 * for the score's batch to apply ({@link EnrollmentPlanner}), never dropped. Scored leads are enrolled by the scored
 * records' batches ({@link ScoredLeadHandler}).
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
    NurturingConfig config;

    @Inject
    Sequences sequences;

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
                            return enroll(lead, causeEventId, afterCommit);
                        }));
    }

    private Uni<Void> enroll(NurtureLead lead, String causeEventId, Consumer<Runnable> afterCommit) {
        SequenceChooser.LeadFacts facts = new SequenceChooser.LeadFacts(lead.temperature, lead.grade, lead.stage,
                lead.language, lead.source);
        return sequences.all().map(all -> SequenceChooser.choose(all, facts)).chain(chosen -> {
            if (chosen.isEmpty()) {
                LOG.warnf("No sequence with steps fits lead %s (%s): not enrolled", lead.leadId, facts);
                afterCommit.accept(() -> metrics.skipped(EnrollmentPlanner.NO_SEQUENCE));
                return Uni.createFrom().voidItem();
            }
            return start(lead, chosen.get(), causeEventId, afterCommit);
        });
    }

    private Uni<Void> start(NurtureLead lead, SequenceDefinition sequence, String causeEventId,
            Consumer<Runnable> afterCommit) {
        Instant now = clock.instant();
        ZoneId zone = EnrollmentPlanner.zoneOf(lead.timeZone);
        if (zone == null) {
            afterCommit.accept(metrics::plannedInUtc);
            zone = UTC;
        }
        Enrollment enrollment = new Enrollment();
        enrollment.id = UUID.randomUUID();
        enrollment.leadId = lead.leadId;
        enrollment.sequenceId = sequence.id();
        enrollment.status = Enrollment.ACTIVE;
        enrollment.email = lead.email;
        enrollment.language = lead.language == null ? "en" : lead.language;
        enrollment.timeZone = zone.getId();
        enrollment.enrolledAt = now;
        List<ScheduledTouch> touches = EnrollmentPlanner.touches(sequence.steps(), now, zone, config.businessDays(),
                UUID::randomUUID).stream().map(planned -> ScheduledTouch.planned(enrollment.id, planned)).toList();
        return enrollment.persist()
                .chain(() -> ScheduledTouch.persist(touches))
                .chain(() -> events.publish(causeEventId, "enrolled", new LeadNurture(lead.leadId, enrollment.id,
                        sequence.id(), NurtureStatus.ENROLLED, null, null, null, null, lead.receivedAt, now), now))
                .invoke(() -> afterCommit.accept(() -> metrics.enrolled(sequence.id())));
    }
}
