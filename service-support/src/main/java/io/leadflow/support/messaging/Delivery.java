package io.leadflow.support.messaging;

import java.util.ArrayList;
import java.util.List;

import io.leadflow.events.Lane;

/**
 * One consumed event as a handler sees it: the parsed payload, its event id, and a place to register what must
 * happen only once the handler's transaction has committed (pushing to sockets, recording metrics).
 */
public final class Delivery<T> {

    private final T event;
    private final String eventId;
    private final Lane lane;
    private final List<Runnable> afterCommit = new ArrayList<>();

    Delivery(T event, String eventId, Lane lane) {
        this.event = event;
        this.eventId = eventId;
        this.lane = lane;
    }

    public T event() {
        return event;
    }

    public String eventId() {
        return eventId;
    }

    /** Live, or bulk when the event came on a bulk topic (an import's). */
    public Lane lane() {
        return lane;
    }

    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** A new attempt starts clean: what a failed, rolled-back attempt registered must never run. */
    void forgetAfterCommit() {
        afterCommit.clear();
    }

    void runAfterCommit() {
        afterCommit.forEach(Runnable::run);
    }
}
