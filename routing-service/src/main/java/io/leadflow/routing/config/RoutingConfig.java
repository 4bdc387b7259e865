package io.leadflow.routing.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Routing's own settings ({@code LEADFLOW_ROUTING_...} environment variables). */
@ConfigMapping(prefix = "leadflow.routing")
public interface RoutingConfig {

    /** How long a rep has to accept an assignment; sets {@code acceptBy}. */
    @WithDefault("PT2M")
    Duration ackTimeout();

    /** Seeds the demo team of reps at start-up (the {@code local} and {@code test} profiles turn it on). */
    @WithDefault("false")
    boolean demoData();
}
