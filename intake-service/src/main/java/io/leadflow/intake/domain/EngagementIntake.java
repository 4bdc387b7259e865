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
import io.leadflow.intake.persistence.ConsentRecords;
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

    @Inject
    ConsentRecords consents;

    /**
     * Records every activity or none (inside the caller's transaction): an activity of someone Leadflow does not
     * know fails the whole batch with {@link UnknownPeople}. Returns the lead ids in order.
     */
    public Uni<List<UUID>> record(List<ValidEngagement> engagements) {
        return record(engagements, false);
    }

    /**
     * As {@link #record(List)}; with {@code skipUnknown}, activities of unknown people are left out instead (a mail
     * provider reporting on an address we never had), and the returned list holds only the recorded ones.
     */
    public Uni<List<UUID>> record(List<ValidEngagement> engagements, boolean skipUnknown) {
        Instant receivedAt = clock.instant();
        return Multi.createFrom().iterable(engagements)
                .onItem().transformToUniAndConcatenate(this::leadIdOf)
                .collect().asList()
                .chain(leadIds -> {
                    List<Integer> unknown = java.util.stream.IntStream.range(0, leadIds.size())
                            .filter(i -> leadIds.get(i).isEmpty()).boxed().toList();
                    if (!unknown.isEmpty() && !skipUnknown) {
                        return Uni.createFrom().failure(new UnknownPeople(unknown));
                    }
                    List<Integer> known = java.util.stream.IntStream.range(0, leadIds.size())
                            .filter(i -> leadIds.get(i).isPresent()).boxed().toList();
                    return Multi.createFrom().iterable(known)
                            .onItem().transformToUniAndConcatenate(i -> {
                                ValidEngagement e = engagements.get(i);
                                UUID leadId = leadIds.get(i).get();
                                Instant occurredAt = e.occurredAt() != null ? e.occurredAt() : receivedAt;
                                return outbox.add(leadId, new LeadEngagement(leadId, e.activity(), null,
                                        e.details(), occurredAt, receivedAt), receivedAt)
                                        .call(() -> withdrawal(leadId, e, occurredAt))
                                        .replaceWith(leadId);
                            })
                            .collect().asList();
                });
    }

    /**
     * An unsubscribe is a consent change (GDPR Art. 7(3)): kept in the person's consent history next to the answers
     * their submissions gave, with its time and where it came from (an email's link, or a system posting it: the
     * engagement API, a webhook).
     */
    private Uni<Void> withdrawal(UUID leadId, ValidEngagement engagement, Instant at) {
        if (engagement.activity() != Activity.UNSUBSCRIBED) {
            return Uni.createFrom().voidItem();
        }
        String source = engagement.details() != null && engagement.details().containsKey("touchId")
                ? "unsubscribe-link" : "engagement";
        return consents.record(leadId, false, null, "unsubscribe", source, null, at);
    }

    private Uni<java.util.Optional<UUID>> leadIdOf(ValidEngagement engagement) {
        Uni<UUID> found = engagement.leadId() != null
                ? identities.exists(engagement.leadId()).map(known -> known ? engagement.leadId() : null)
                : identities.find(engagement.email());
        return found.map(java.util.Optional::ofNullable);
    }
}
