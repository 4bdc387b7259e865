package io.leadflow.nurturing.domain;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Temperature;
import io.leadflow.nurturing.persistence.Enrollment;
import io.leadflow.nurturing.persistence.ScheduledTouch;
import io.leadflow.nurturing.persistence.SequenceStep;
import io.leadflow.support.messaging.Delivery;
import io.leadflow.support.messaging.EventSender;
import io.leadflow.support.messaging.InvalidEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Enrolls every scored lead that is not hot in the default sequence, with each touch planned in the lead's time
 * zone, and publishes {@code enrolled} in the consumer's transaction. A lead already enrolled is left where it is; a
 * lead that turns hot leaves its sequence ({@code exited}, reason {@code handed_to_sales}) and its planned touches
 * are cancelled, since a rep takes it from there.
 */
@ApplicationScoped
public class LeadEnroller {

    static final String DEFAULT_SEQUENCE = "default";
    static final String HANDED_TO_SALES = "handed_to_sales";

    @Inject
    Clock clock;

    @Inject
    EventSender events;

    @Inject
    @Channel("leads-nurture")
    MutinyEmitter<String> nurture;

    @Inject
    MeterRegistry registry;

    public Uni<Void> onScored(Delivery<LeadScored> delivery) {
        LeadScored scored = delivery.event();
        if (scored.leadId() == null || scored.lead() == null || scored.temperature() == null) {
            throw new InvalidEventException("lead.scored.v1 without leadId, lead or temperature");
        }
        if (scored.temperature() == Temperature.HOT) {
            return Enrollment.activeOf(scored.leadId())
                    .chain(active -> active == null ? Uni.createFrom().voidItem() : exit(delivery, active));
        }
        return Enrollment.activeOf(scored.leadId())
                .chain(active -> active != null ? Uni.createFrom().voidItem() : enroll(delivery));
    }

    private Uni<Void> enroll(Delivery<LeadScored> delivery) {
        LeadScored scored = delivery.event();
        Instant now = clock.instant();
        Enrollment enrollment = new Enrollment();
        enrollment.id = UUID.randomUUID();
        enrollment.leadId = scored.leadId();
        enrollment.sequenceId = DEFAULT_SEQUENCE;
        enrollment.status = Enrollment.ACTIVE;
        enrollment.email = scored.lead().contact() == null ? null : scored.lead().contact().email();
        enrollment.language = scored.lead().language() == null ? "en" : scored.lead().language();
        enrollment.timeZone = zoneOf(scored.lead().timeZone()).getId();
        enrollment.enrolledAt = now;
        return SequenceStep.of(DEFAULT_SEQUENCE)
                .chain(steps -> enrollment.persist()
                        .chain(() -> ScheduledTouch.persist(touches(enrollment, steps)))
                        .chain(() -> events.sendCausedBy(nurture, delivery.eventId(), "nurture/enrolled",
                                scored.leadId(), new LeadNurture(scored.leadId(), enrollment.id, DEFAULT_SEQUENCE,
                                        NurtureStatus.ENROLLED, null, null, null, null, scored.lead().receivedAt(),
                                        now), now)))
                .invoke(() -> delivery.afterCommit(() -> registry.counter("leadflow.nurture.enrolled",
                        "sequence", DEFAULT_SEQUENCE).increment()));
    }

    private Uni<Void> exit(Delivery<LeadScored> delivery, Enrollment enrollment) {
        Instant now = clock.instant();
        enrollment.status = Enrollment.EXITED;
        enrollment.exitReason = HANDED_TO_SALES;
        enrollment.exitedAt = now;
        LeadScored scored = delivery.event();
        return enrollment.persistAndFlush()
                .chain(() -> ScheduledTouch.cancelPending(enrollment.id))
                .chain(() -> events.sendCausedBy(nurture, delivery.eventId(), "nurture/exited", scored.leadId(),
                        new LeadNurture(scored.leadId(), enrollment.id, enrollment.sequenceId, NurtureStatus.EXITED,
                                null, null, null, HANDED_TO_SALES, scored.lead().receivedAt(), now), now))
                .invoke(() -> delivery.afterCommit(() -> registry.counter("leadflow.nurture.exited",
                        "reason", HANDED_TO_SALES).increment()));
    }

    private static List<ScheduledTouch> touches(Enrollment enrollment, List<SequenceStep> steps) {
        ZoneId zone = ZoneId.of(enrollment.timeZone);
        return steps.stream().map(step -> {
            ScheduledTouch touch = new ScheduledTouch();
            touch.id = UUID.randomUUID();
            touch.enrollmentId = enrollment.id;
            touch.step = step.position;
            touch.channel = step.channel;
            touch.template = step.template;
            touch.dueAt = TouchPlanner.dueAt(enrollment.enrolledAt, zone, step.delayDays);
            touch.status = ScheduledTouch.SCHEDULED;
            return touch;
        }).toList();
    }

    private static ZoneId zoneOf(String timeZone) {
        try {
            return timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
