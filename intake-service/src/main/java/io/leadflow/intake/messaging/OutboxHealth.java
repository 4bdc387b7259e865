package io.leadflow.intake.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The outbox in {@code /q/health/ready}: how many events wait and for how long. It stays UP, since intake still
 * accepts leads durably while Kafka is away; the detail says how far behind the relay is.
 */
@Readiness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {

    @Inject
    OutboxRelay relay;

    @Inject
    Clock clock;

    @Override
    public HealthCheckResponse call() {
        Instant oldest = relay.oldestPending();
        return HealthCheckResponse.named("Lead outbox").up()
                .withData("pending", relay.pending())
                .withData("oldestPendingSeconds", oldest == null ? 0 : Duration.between(oldest, clock.instant()).toSeconds())
                .build();
    }
}
