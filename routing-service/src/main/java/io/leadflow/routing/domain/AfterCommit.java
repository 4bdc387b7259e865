package io.leadflow.routing.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What must happen only once a transaction committed (pushing to sockets, recording metrics, waking the outbox
 * relay), collected while it runs. A consumer hands in its delivery's own list instead.
 */
public final class AfterCommit implements Consumer<Runnable> {

    private final List<Runnable> actions = new ArrayList<>();

    @Override
    public void accept(Runnable action) {
        actions.add(action);
    }

    public void run() {
        actions.forEach(Runnable::run);
    }
}
