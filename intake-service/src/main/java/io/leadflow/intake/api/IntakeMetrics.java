package io.leadflow.intake.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.leadflow.intake.config.IntakeConfig;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code leadflow_leads_received_total{source,channel}} and {@code leadflow_leads_rejected_total{reason}}. */
@ApplicationScoped
public class IntakeMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    IntakeConfig config;

    public void received(String source, String channel) {
        received(source, channel, 1);
    }

    public void received(String source, String channel, int count) {
        // Sources come from clients: only configured ones become label values, so a caller cannot blow up the series.
        String label = config.metricSources().contains(source) ? source : "other";
        registry.counter("leadflow.leads.received", "source", label, "channel", channel).increment(count);
    }

    public void spamDropped(String reason) {
        registry.counter("leadflow.intake.spam.dropped", "reason", reason).increment();
    }

    public void rejected(String reason) {
        registry.counter("leadflow.leads.rejected", "reason", reason).increment();
    }
}
