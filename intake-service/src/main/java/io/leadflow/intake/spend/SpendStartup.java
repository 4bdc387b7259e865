package io.leadflow.intake.spend;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.leadflow.intake.config.IntakeConfig;
import io.leadflow.support.vertx.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * At start-up: applies the spend file, if there is one (an invalid file stops the service, naming each problem), and
 * shows this month's spend; then reads it again on a timer.
 */
@ApplicationScoped
public class SpendStartup {

    private static final Logger LOG = Logger.getLogger(SpendStartup.class);

    @Inject
    IntakeConfig config;

    @Inject
    MarketingSpend spend;

    @Inject
    SpendGauges gauges;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    void start(@Observes StartupEvent started) {
        config.spend().file().filter(file -> !file.isBlank()).ifPresent(file -> {
            Map<YearMonth, List<SpendEntry>> months = SpendFile.read(file, config.metricSources());
            VertxContexts.await(vertx.getDelegate(), () -> Panache.withTransaction(() -> apply(months)),
                    Duration.ofSeconds(60));
            LOG.infof("Applied the marketing spend of %s from %s", months.keySet(), file);
        });
        VertxContexts.await(vertx.getDelegate(), gauges::refresh, Duration.ofSeconds(60));
        // refresh() logs and swallows its own failures: the next tick tries again.
        vertx.setPeriodic(config.spend().refresh().toMillis(), id -> VertxContexts.runOnNewContext(
                vertx.getDelegate(), () -> gauges.refresh().subscribe().with(ignored -> {
                })));
    }

    private Uni<Void> apply(Map<YearMonth, List<SpendEntry>> months) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<YearMonth, List<SpendEntry>> month : months.entrySet()) {
            chain = chain.chain(() -> spend.replace(month.getKey(), month.getValue(), "spend file",
                    clock.instant()));
        }
        return chain;
    }
}
