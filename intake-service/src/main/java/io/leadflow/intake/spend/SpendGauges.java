package io.leadflow.intake.spend;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * {@code leadflow_marketing_spend{source,campaign,currency}}: this month's (UTC) spend, read from the database, so
 * every instance shows the same figures (dashboards take the {@code max} over instances). Entries that leave the month
 * leave the metric.
 */
@ApplicationScoped
public class SpendGauges {

    private static final Logger LOG = Logger.getLogger(SpendGauges.class);

    @Inject
    MeterRegistry registry;

    @Inject
    MarketingSpend spend;

    @Inject
    Clock clock;

    private final Map<List<String>, Gauged> gauges = new ConcurrentHashMap<>();

    private record Gauged(Gauge gauge, AtomicReference<Double> value) {
    }

    public YearMonth currentMonth() {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC));
    }

    /** Reads this month's spend and shows it; needs a Vert.x context (a request, or one made for a timer). */
    public Uni<Void> refresh() {
        return Panache.withSession(() -> spend.of(currentMonth()))
                .invoke(this::show)
                .onFailure().invoke(failure -> LOG.warnf("Could not read this month's marketing spend: %s",
                        failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    synchronized void show(List<SpendEntry> entries) {
        Map<List<String>, Double> now = new HashMap<>();
        entries.forEach(entry -> now.merge(List.of(entry.source(), entry.campaign(), entry.currency()),
                entry.amount().doubleValue(), Double::sum));
        gauges.keySet().removeIf(key -> {
            if (now.containsKey(key)) {
                return false;
            }
            registry.remove(gauges.get(key).gauge());
            return true;
        });
        now.forEach((key, amount) -> gauges.computeIfAbsent(key, labels -> {
            AtomicReference<Double> value = new AtomicReference<>(amount);
            Gauge gauge = Gauge.builder("leadflow.marketing.spend", value, AtomicReference::get)
                    .description("Marketing spend of the current month (UTC) per source and campaign, in currency")
                    .tags("source", labels.get(0), "campaign", labels.get(1), "currency", labels.get(2))
                    .register(registry);
            return new Gauged(gauge, value);
        }).value().set(amount));
    }
}
