package io.leadflow.support.messaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;

/**
 * Sends a batch of events so that none of a lead's events can reach the broker before its earlier ones: a lead's
 * events go one after the other, each once the previous one was acknowledged, while different leads' events go at
 * once. The result ends only when every send has ended (acknowledged or failed), so nothing of a failed batch is still
 * pending in the producer when the batch is sent again.
 * <p>
 * Sending a whole batch at once and failing at the first error let a lead's later event, still queued in the
 * producer, be written after the broker came back while its earlier one had already expired and was only sent again
 * by the next batch: after a broker crash, the fault suite found a person's second form on {@code leads.engagement}
 * before their first. Both outbox relays (intake's, routing's) send this way.
 */
public final class LeadOrderedSends {

    private LeadOrderedSends() {
    }

    /**
     * @param inOrder the events, each lead's in the order they must arrive
     * @param leadOf the lead an event belongs to
     * @param send a lazy send of one event, completing when the broker acknowledged it
     */
    public static <T> Uni<Void> send(List<T> inOrder, Function<T, Object> leadOf, Function<T, Uni<Void>> send) {
        if (inOrder.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<Object, List<T>> byLead = new LinkedHashMap<>();
        inOrder.forEach(event -> byLead.computeIfAbsent(leadOf.apply(event), lead -> new ArrayList<>()).add(event));
        List<Uni<Void>> leads = new ArrayList<>();
        for (List<T> events : byLead.values()) {
            Uni<Void> oneAfterTheOther = Uni.createFrom().voidItem();
            for (T event : events) {
                oneAfterTheOther = oneAfterTheOther.chain(() -> send.apply(event));
            }
            leads.add(oneAfterTheOther);
        }
        return Uni.join().all(leads).andCollectFailures().replaceWithVoid();
    }
}
