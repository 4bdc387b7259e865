package io.leadflow.scoring.metrics;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.leadflow.events.Stage;
import io.leadflow.scoring.config.ScoringConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * {@code leadflow_funnel_stage_reached_total{stage,source}}: leads entering a funnel stage ({@code mql}, {@code pql},
 * {@code sql}, and {@code converted} when a rep records the conversion), by the lead's source. Sources are limited to
 * the configured ones, anything else is {@code other}; every configured source starts at 0 in every stage, so
 * conversion rates and cost per SQL show 0 rather than no data.
 */
@ApplicationScoped
public class FunnelMetrics {

    static final List<String> STAGES = List.of("mql", "pql", "sql", "converted");

    private final MeterRegistry registry;
    private final ScoringConfig config;

    public FunnelMetrics(MeterRegistry registry, ScoringConfig config) {
        this.registry = registry;
        this.config = config;
    }

    void registerAtZero(@Observes StartupEvent started) {
        for (String stage : STAGES) {
            config.metricSources().forEach(source -> counter(stage, source));
            counter(stage, "other");
        }
    }

    /** A lead entered {@code stage}; the first stage, {@code lead}, is not a funnel step of its own. */
    public void reached(Stage stage, String source) {
        if (stage != Stage.LEAD) {
            counter(stage.wire(), label(source)).increment();
        }
    }

    public void converted(String source) {
        counter("converted", label(source)).increment();
    }

    private Counter counter(String stage, String source) {
        return registry.counter("leadflow.funnel.stage.reached", "stage", stage, "source", source);
    }

    private String label(String source) {
        return source != null && config.metricSources().contains(source) ? source : "other";
    }
}
