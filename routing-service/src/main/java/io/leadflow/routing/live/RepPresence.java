package io.leadflow.routing.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Which reps have a console open (sockets and SSE streams), for their presence: {@code away} when they said so, else
 * {@code online} with a console open on any instance, else {@code offline}. Each instance counts its own consoles and
 * writes, every few seconds, when it last saw each of its reps' consoles ({@code rep.console_seen_at}); a rep seen by
 * any instance within {@link #STALE} is online everywhere.
 */
@ApplicationScoped
public class RepPresence {

    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final Duration STALE = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(RepPresence.class);

    private final Map<UUID, Integer> consoles = new ConcurrentHashMap<>();
    /** The value this instance last wrote for each of its reps: a close clears only its own write. */
    private final Map<UUID, OffsetDateTime> written = new ConcurrentHashMap<>();
    private volatile long timerId = -1;

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Inject
    Clock clock;

    void start(@Observes StartupEvent started) {
        timerId = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> seen(Set.copyOf(consoles.keySet())));
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    public void opened(UUID repId) {
        consoles.merge(repId, 1, Integer::sum);
        seen(Set.of(repId));
    }

    public void closed(UUID repId) {
        if (consoles.computeIfPresent(repId, (id, count) -> count <= 1 ? null : count - 1) == null) {
            // This instance's last console of the rep closed: clear what it wrote, unless another instance (or this
            // one, on a reconnect) wrote since; their heartbeat keeps the rep online.
            OffsetDateTime mine = written.remove(repId);
            if (mine != null) {
                pool.preparedQuery("update rep set console_seen_at = null where id = $1 and console_seen_at = $2")
                        .execute(Tuple.of(repId, mine))
                        .subscribe().with(done -> {
                        }, failure -> LOG.debugf("Could not clear the presence of rep %s: %s", repId, failure));
            }
        }
    }

    /** {@code away}, {@code online} or {@code offline}; {@code consoleSeenAt} is the rep's row's value. */
    public String of(UUID repId, boolean away, Instant consoleSeenAt) {
        if (away) {
            return "away";
        }
        return online(repId, consoleSeenAt) ? "online" : "offline";
    }

    /** Whether the rep has a console open here, or one another instance saw lately. */
    public boolean online(UUID repId, Instant consoleSeenAt) {
        return consoles.containsKey(repId)
                || consoleSeenAt != null && consoleSeenAt.isAfter(clock.instant().minus(STALE));
    }

    private void seen(Set<UUID> reps) {
        if (reps.isEmpty()) {
            return;
        }
        OffsetDateTime now = clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        reps.forEach(rep -> written.put(rep, now));
        pool.preparedQuery("update rep set console_seen_at = $1 where id = any($2)")
                .execute(Tuple.of(now, reps.toArray(UUID[]::new)))
                .subscribe().with(done -> {
                }, failure -> LOG.debugf("Could not record the presence of %d reps: %s", reps.size(), failure));
    }
}
