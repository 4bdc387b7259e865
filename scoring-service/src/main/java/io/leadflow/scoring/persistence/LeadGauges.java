package io.leadflow.scoring.persistence;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.leadflow.events.Temperature;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * {@code leadflow_leads{temperature,grade}}: how many scored leads are in each temperature and grade now, counted in
 * the database every 30 seconds (a count kept in memory would drift across instances and restarts).
 */
@Singleton
public class LeadGauges {

    private static final Logger LOG = Logger.getLogger(LeadGauges.class);
    private static final long EVERY_MS = 30_000;
    private static final String[] GRADES = { "A", "B", "C", "D" };

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Inject
    MeterRegistry registry;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    void start(@Observes StartupEvent started) {
        for (Temperature temperature : Temperature.values()) {
            if (temperature == Temperature.UNKNOWN) {
                continue; // only read from topics, never stored
            }
            for (String grade : GRADES) {
                AtomicLong count = counts.computeIfAbsent(key(temperature.name(), grade), k -> new AtomicLong());
                Gauge.builder("leadflow.leads", count, AtomicLong::get)
                        .description("Scored leads by temperature and grade")
                        .tag("temperature", temperature.wire()).tag("grade", grade)
                        .register(registry);
            }
        }
        refresh().subscribe().with(ignored -> { }, failure -> LOG.warn("Could not count leads", failure));
        vertx.setPeriodic(EVERY_MS, id -> refresh().subscribe().with(ignored -> { },
                failure -> LOG.debug("Could not count leads; the next refresh retries", failure)));
    }

    public Uni<Void> refresh() {
        return pool.query("select temperature, grade, count(*) from lead_score group by temperature, grade")
                .execute()
                .invoke(rows -> {
                    counts.values().forEach(count -> count.set(0));
                    for (Row row : rows) {
                        AtomicLong count = counts.get(key(row.getString(0), row.getString(1)));
                        if (count != null) {
                            count.set(row.getLong(2));
                        }
                    }
                })
                .replaceWithVoid();
    }

    private static String key(String temperature, String grade) {
        return temperature + "/" + grade;
    }
}
