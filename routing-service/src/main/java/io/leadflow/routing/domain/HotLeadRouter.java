package io.leadflow.routing.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.leadflow.events.Contribution;
import io.leadflow.events.EventJson;
import io.leadflow.events.Lane;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Temperature;
import io.leadflow.routing.config.RoutingConfig;
import io.leadflow.routing.persistence.Assignment;
import io.leadflow.routing.persistence.KnownLeads;
import io.leadflow.routing.persistence.LeadErasures;
import io.leadflow.routing.persistence.RoutedLead;
import io.leadflow.routing.persistence.Team;
import io.leadflow.support.messaging.Delivery;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.leadflow.support.messaging.InvalidEventException;
import io.leadflow.support.persistence.LeadLocks;
import io.smallrye.mutiny.Uni;

/**
 * Routes each hot lead once: stores routing's view of it with its SLA deadline ({@code receivedAt} + the SLA), then
 * lets the {@link LeadPlacer} give it to a rep, queue it or release it, all in the consumer's transaction. A re-scored
 * lead that routing already knows keeps its rep (or its place in the queue).
 */
@ApplicationScoped
public class HotLeadRouter {

    private static final Logger LOG = Logger.getLogger(HotLeadRouter.class);

    @Inject
    Clock clock;

    @Inject
    RoutingConfig config;

    @Inject
    LeadPlacer placer;

    @Inject
    KnownLeads knownLeads;

    @Inject
    LeadErasures erasures;

    /**
     * A poll's scores. Most leads are not hot and need only their snapshot kept: those scored once in the batch are
     * kept with one statement (an erased lead's never). The others (hot, or scored more than once in the batch) are
     * handled one after the other, in order, as {@link #onScored}. Every record is checked before anything is written,
     * so an invalid one fails the batch at once (and the record-by-record retry parks it alone).
     */
    public Uni<Void> onScoredBatch(List<Delivery<LeadScored>> deliveries) {
        deliveries.forEach(delivery -> requireWhatRoutingNeeds(delivery.event()));
        Map<UUID, Long> recordsPerLead = deliveries.stream()
                .collect(Collectors.groupingBy(delivery -> delivery.event().leadId(), Collectors.counting()));
        List<LeadScored> onlyKept = new ArrayList<>();
        List<Delivery<LeadScored>> oneByOne = new ArrayList<>();
        for (Delivery<LeadScored> delivery : deliveries) {
            LeadScored scored = delivery.event();
            if (scored.temperature() != Temperature.HOT && scored.temperature() != Temperature.UNKNOWN
                    && recordsPerLead.get(scored.leadId()) == 1) {
                onlyKept.add(scored);
            } else {
                oneByOne.add(delivery);
            }
        }
        return erasures.erasedAmong(onlyKept.stream().map(LeadScored::leadId).toList())
                .chain(erased -> knownLeads.rememberAll(onlyKept.stream()
                        .filter(scored -> !erased.contains(scored.leadId())).toList(), clock.instant()))
                .chain(() -> IdempotentConsumer.handleInOrder(oneByOne, delivery -> erasures
                        .unlessErased(delivery.event().leadId(), () -> onScored(delivery))));
    }

    private static void requireWhatRoutingNeeds(LeadScored scored) {
        if (scored.leadId() == null || scored.lead() == null || scored.lead().receivedAt() == null
                || scored.temperature() == null) {
            throw new InvalidEventException("lead.scored.v1 without leadId, lead, receivedAt or temperature");
        }
    }

    private Uni<Void> onScored(Delivery<LeadScored> delivery) {
        LeadScored scored = delivery.event();
        requireWhatRoutingNeeds(scored);
        if (scored.temperature() == Temperature.UNKNOWN) {
            // A newer scoring's temperature decides nothing here (neither routed nor remembered): skipped, not parked.
            return Uni.createFrom().voidItem();
        }
        return LeadLocks.lock(scored.leadId())
                .chain(() -> knownLeads.remember(scored, clock.instant()))
                .chain(current -> {
                    if (!current) {
                        LOG.infof("Lead %s: a score older than the one kept arrived late (%s lane), ignored",
                                scored.leadId(), delivery.lane().wire());
                        return Uni.createFrom().voidItem();
                    }
                    return scored.temperature() != Temperature.HOT ? Uni.createFrom().voidItem()
                            : routeUnlessKnown(scored, delivery);
                });
    }

    private Uni<Void> routeUnlessKnown(LeadScored scored, Delivery<LeadScored> delivery) {
        return RoutedLead.<RoutedLead> findById(scored.leadId())
                .chain(known -> known != null ? Uni.createFrom().voidItem()
                        // Assignments made before routing kept its view of leads count as known too.
                        : Assignment.activeOfLead(scored.leadId()).chain(active -> active != null
                                ? Uni.createFrom().voidItem()
                                : route(scored, delivery)));
    }

    private Uni<Void> route(LeadScored scored, Delivery<LeadScored> delivery) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        RoutedLead lead = new RoutedLead();
        lead.leadId = scored.leadId();
        lead.facts = EventJson.write(LeadFacts.of(scored));
        lead.leadSummary = EventJson.write(LeadSummary.of(scored));
        lead.score = scored.score();
        lead.grade = scored.grade();
        lead.temperature = scored.temperature();
        lead.reasons = EventJson.write(reasons(scored));
        lead.receivedAt = scored.lead().receivedAt();
        lead.slaDueAt = scored.lead().receivedAt().plus(config.sla());
        lead.updatedAt = now;
        lead.bulk = delivery.lane() == Lane.BULK;
        return placer.place(lead, "scored", null, delivery::afterCommit)
                .chain(() -> businessHoursSla(lead))
                .chain(() -> lead.persist())
                .replaceWithVoid();
    }

    /** A team that counts the SLA in its business hours moves the deadline to match. */
    private Uni<Void> businessHoursSla(RoutedLead lead) {
        if (lead.teamId == null) {
            return Uni.createFrom().voidItem();
        }
        return Team.<Team> findById(lead.teamId).invoke(team -> {
            if (team != null) {
                team.calendar().ifPresent(calendar -> lead.slaDueAt = calendar.due(lead.receivedAt, config.sla()));
            }
        }).replaceWithVoid();
    }

    private static List<String> reasons(LeadScored scored) {
        return scored.topContributions() == null ? List.of()
                : scored.topContributions().stream().map(Contribution::reason).toList();
    }
}
