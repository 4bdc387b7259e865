package io.leadflow.intake.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.leadflow.intake.config.IntakeConfig;

/**
 * The outbox in {@code /q/health/ready}: how many events wait and for how long, and whether the relay publishes
 * ({@code relay}: {@code publishing}, or {@code failing} with {@code relayFailingSeconds} while the broker does not
 * take its events). It stays UP, since intake still accepts leads durably while Kafka is away: a broker outage
 * degrades intake (this detail, {@code leadflow_intake_outbox_relay_failing}, the LeadflowOutboxRelayFailing alert),
 * it does not take it out of rotation. A lane at its limit ({@code limitPerLane}) refuses new work of that lane
 * ({@link io.leadflow.intake.api.OutboxLimit}) and stays UP too. Intake's Kafka checks are left out of readiness
 * for that reason (application.properties).
 */
@Readiness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {

    @Inject
    OutboxRelay relay;

    @Inject
    Clock clock;

    @Inject
    IntakeConfig config;

    @Override
    public HealthCheckResponse call() {
        Instant now = clock.instant();
        Instant oldest = relay.oldestPending();
        Instant failing = relay.failingSince();
        return HealthCheckResponse.named("Lead outbox").up()
                .withData("pending", relay.pending())
                .withData("pendingLive", relay.pendingLive())
                .withData("pendingBulk", relay.pendingBulk())
                .withData("limitPerLane", config.outbox().maxPending())
                .withData("oldestPendingSeconds", oldest == null ? 0 : Duration.between(oldest, now).toSeconds())
                .withData("relay", failing == null ? "publishing" : "failing")
                .withData("relayFailingSeconds", failing == null ? 0 : Duration.between(failing, now).toSeconds())
                .build();
    }
}
