package io.leadflow.intake.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.leadflow.intake.config.IntakeConfig;
import io.leadflow.intake.messaging.OutboxRelay;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The outbox's bound ({@code leadflow.intake.outbox.max-pending}): while the relay cannot keep up, intake keeps
 * accepting until that many events of a lane wait, then refuses new work of that lane with {@code 503} and
 * {@code Retry-After} ({@code leadflow_leads_rejected_total{reason="outbox_full"}}, the LeadflowIntakeOutboxFull
 * alert) rather than filling its database without limit. The backlog is the relay's count, at most a second old.
 */
@ApplicationScoped
public class OutboxLimit {

    @Inject
    OutboxRelay relay;

    @Inject
    IntakeConfig config;

    @Inject
    IntakeMetrics metrics;

    @Inject
    MeterRegistry registry;

    void register(@Observes StartupEvent started) {
        Gauge.builder("leadflow.intake.outbox.limit", config.outbox(), IntakeConfig.OutboxLimits::maxPending)
                .description("Events of one lane the outbox holds before intake refuses new work of that lane")
                .register(registry);
    }

    /** Refuses a live submission (a lead, a form, a webhook, posted engagements) while the live backlog is full. */
    public void checkLive() {
        if (liveFull()) {
            throw full("Intake cannot pass submissions on right now and holds as many as it may; nothing was "
                    + "accepted.");
        }
    }

    /** Refuses a new import while imported events already fill the bulk lane's share of the outbox. */
    public void checkImport() {
        if (relay.pendingBulk() >= config.outbox().maxPending()) {
            throw full("Earlier imports' leads still wait to leave intake; this file was not imported.");
        }
    }

    /** Whether the live backlog is at its bound: a tracked open or click is then not recorded, its visitor served. */
    public boolean liveFull() {
        return relay.pendingLive() >= config.outbox().maxPending();
    }

    /** Counts an engagement dropped because the live backlog is full. */
    public void dropped() {
        metrics.rejected("outbox_full");
    }

    private ProblemException full(String detail) {
        metrics.rejected("outbox_full");
        int retryAfter = config.outbox().retryAfterSeconds();
        return new ProblemException(Problem.of(503, "Service Unavailable", "outbox-full",
                detail + " Retry in " + retryAfter + " s.")).withHeader("Retry-After", retryAfter);
    }
}
