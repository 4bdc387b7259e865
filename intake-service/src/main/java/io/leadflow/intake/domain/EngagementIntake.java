package io.leadflow.intake.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.leadflow.events.Activity;
import io.leadflow.events.LeadEngagement;
import io.leadflow.intake.persistence.LeadIdentities;
import io.leadflow.intake.persistence.Outbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Turns activities of known people into {@code lead.engagement.v1} events, through the outbox. */
@ApplicationScoped
public class EngagementIntake {

    /** A validated activity: the lead by id or by (normalized) email. */
    public record ValidEngagement(UUID leadId, String email, Activity activity, Instant occurredAt,
            Map<String, String> details) {
    }

    /** Who could not be found, by the position of their activity in the request. */
    public static class UnknownPeople extends RuntimeException {
        public final transient List<Integer> positions;

        UnknownPeople(List<Integer> positions) {
            super("unknown people at " + positions);
            this.positions = positions;
        }
    }

    @Inject
    Clock clock;

    @Inject
    LeadIdentities identities;

    @Inject
    Outbox outbox;

    /**
     * Records every activity or none (inside the caller's transaction): an activity of someone Leadflow does not
     * know fails the whole batch with {@link UnknownPeople}. Returns the lead ids in order.
     */
    public Uni<List<UUID>> record(List<ValidEngagement> engagements) {
        Instant receivedAt = clock.instant();
        return Multi.createFrom().iterable(engagements)
                .onItem().transformToUniAndConcatenate(this::leadIdOf)
                .collect().asList()
                .chain(leadIds -> {
                    List<Integer> unknown = java.util.stream.IntStream.range(0, leadIds.size())
                            .filter(i -> leadIds.get(i).isEmpty()).boxed().toList();
                    if (!unknown.isEmpty()) {
                        return Uni.createFrom().failure(new UnknownPeople(unknown));
                    }
                    List<UUID> ids = leadIds.stream().map(java.util.Optional::get).toList();
                    return Multi.createFrom().range(0, ids.size())
                            .onItem().transformToUniAndConcatenate(i -> {
                                ValidEngagement e = engagements.get(i);
                                return outbox.add(ids.get(i), new LeadEngagement(ids.get(i), e.activity(), null,
                                        e.details(), e.occurredAt() != null ? e.occurredAt() : receivedAt, receivedAt),
                                        receivedAt);
                            })
                            .collect().asList().replaceWith(ids);
                });
    }

    private Uni<java.util.Optional<UUID>> leadIdOf(ValidEngagement engagement) {
        Uni<UUID> found = engagement.leadId() != null
                ? identities.exists(engagement.leadId()).map(known -> known ? engagement.leadId() : null)
                : identities.find(engagement.email());
        return found.map(java.util.Optional::ofNullable);
    }
}
