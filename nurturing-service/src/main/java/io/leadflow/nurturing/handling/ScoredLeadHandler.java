package io.leadflow.nurturing.handling;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.events.LeadScored;
import io.leadflow.events.Temperature;
import io.leadflow.nurturing.config.NurturingConfig;
import io.leadflow.nurturing.domain.EnrollmentPlan.Count;
import io.leadflow.nurturing.domain.EnrollmentPlan.Publication;
import io.leadflow.nurturing.domain.EnrollmentPlan;
import io.leadflow.nurturing.domain.EnrollmentPlanner.Scored;
import io.leadflow.nurturing.domain.EnrollmentPlanner;
import io.leadflow.nurturing.messaging.NurtureEvents;
import io.leadflow.nurturing.metrics.NurtureMetrics;
import io.leadflow.nurturing.persistence.ScoredLeadRows;
import io.leadflow.nurturing.persistence.Sequences;
import io.leadflow.support.messaging.Delivery;
import io.leadflow.support.messaging.InvalidEventException;
import io.smallrye.mutiny.Uni;

/**
 * Handles a batch of {@code leads.scored} (or {@code leads.scored.bulk}) records in the consumer's transaction, with
 * a few statements whatever the batch's size: what nurturing knows of the batch's leads is read in one query and the
 * sequences once, {@link EnrollmentPlanner} decides, and the plan is stored (one statement per table) and published
 * in the records' order.
 */
@ApplicationScoped
public class ScoredLeadHandler {

    private final Clock clock;
    private final NurturingConfig config;
    private final ScoredLeadRows rows;
    private final Sequences sequences;
    private final NurtureEvents events;
    private final NurtureMetrics metrics;

    public ScoredLeadHandler(Clock clock, NurturingConfig config, ScoredLeadRows rows, Sequences sequences,
            NurtureEvents events, NurtureMetrics metrics) {
        this.clock = clock;
        this.config = config;
        this.rows = rows;
        this.sequences = sequences;
        this.events = events;
        this.metrics = metrics;
    }

    public Uni<Void> handle(List<Delivery<LeadScored>> deliveries) {
        deliveries.forEach(ScoredLeadHandler::requireWhatNurturingNeeds);
        List<Scored> batch = deliveries.stream()
                .map(d -> new Scored(d.eventId(), d.lane(), d.event())).toList();
        Set<UUID> leadIds = new LinkedHashSet<>();
        batch.stream().filter(s -> s.event().temperature() != Temperature.UNKNOWN)
                .forEach(s -> leadIds.add(s.event().leadId()));
        if (leadIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        EnrollmentPlanner planner = new EnrollmentPlanner(config.coolDown(), config.businessDays(), UUID::randomUUID);
        return rows.known(leadIds)
                .chain(known -> sequences.all().map(all -> planner.plan(batch, known, all, now)))
                .call(plan -> rows.store(plan, now))
                .call(this::publish)
                .invoke(plan -> countOnceCommitted(plan, deliveries))
                .replaceWithVoid();
    }

    /** A record nurturing cannot act on is invalid: it goes to the dead-letter topic alone. */
    private static void requireWhatNurturingNeeds(Delivery<LeadScored> delivery) {
        LeadScored scored = delivery.event();
        if (scored.leadId() == null || scored.lead() == null || scored.temperature() == null) {
            throw new InvalidEventException("lead.scored.v1 without leadId, lead or temperature");
        }
    }

    /** In the records' order: a lead's events keep the order of its records. */
    private Uni<Void> publish(EnrollmentPlan plan) {
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (Publication p : plan.publications()) {
            sent = sent.chain(() -> events.publish(p.causeEventId(), p.effect(), p.event(), p.lane(),
                    p.event().occurredAt()));
        }
        return sent;
    }

    private void countOnceCommitted(EnrollmentPlan plan, List<Delivery<LeadScored>> deliveries) {
        for (Count count : plan.counts()) {
            deliveries.get(count.delivery()).afterCommit(() -> {
                switch (count.kind()) {
                    case ENROLLED -> metrics.enrolled(count.tag());
                    case EXITED -> metrics.exited(count.tag());
                    case NO_SEQUENCE -> metrics.skipped(count.tag());
                    case PLANNED_IN_UTC -> metrics.plannedInUtc();
                }
            });
        }
    }
}
