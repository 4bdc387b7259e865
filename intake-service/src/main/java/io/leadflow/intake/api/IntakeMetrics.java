package io.leadflow.intake.api;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.leadflow.intake.config.IntakeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * {@code leadflow_leads_received_total{source,channel}} and {@code leadflow_leads_rejected_total{reason}}, every known
 * label value at 0 from the start, so rates and cost per lead show 0 rather than no data.
 */
@ApplicationScoped
public class IntakeMetrics {

    static final List<String> CHANNELS = List.of("api", "form", "webhook", "import");
    static final List<String> REJECTIONS = List.of("empty_body", "too_large", "malformed", "invalid", "rate_limited",
            "bad_signature", "origin", "form_key", "outbox_full");

    @Inject
    MeterRegistry registry;

    @Inject
    IntakeConfig config;

    void registerAtZero(@Observes StartupEvent started) {
        for (String channel : CHANNELS) {
            config.metricSources().forEach(source -> registry.counter("leadflow.leads.received", "source", source,
                    "channel", channel));
            registry.counter("leadflow.leads.received", "source", "other", "channel", channel);
        }
        REJECTIONS.forEach(reason -> registry.counter("leadflow.leads.rejected", "reason", reason));
    }

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
