package io.leadflow.scoring.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** scoring-service's own settings ({@code LEADFLOW_SCORING_...} environment variables). */
@ConfigMapping(prefix = "leadflow.scoring")
public interface ScoringConfig {

    /** The rule set the service ships, a classpath resource; in force until a person publishes another. */
    @WithDefault("scoring/rulesets/2026.11.3.yaml")
    String shippedRuleSet();

    Firmographics firmographics();

    Decay decay();

    Simulation simulation();

    interface Firmographics {

        /** Load the demo companies at start-up when the reference table is empty ({@code local} profile). */
        @WithDefault("false")
        boolean demoData();
    }

    interface Decay {

        /** How often warm and hot leads are re-scored for decay; their transitions are published. */
        @WithDefault("PT10M")
        Duration every();

        /** Leads re-scored per transaction. */
        @WithDefault("200")
        int batchSize();

        /** Off switch, for a second instance that should not sweep (sweeps are safe to run twice, just wasteful). */
        @WithDefault("true")
        boolean enabled();
    }

    interface Simulation {

        /** The most leads one simulation reads; the report says when it stopped there. */
        @WithDefault("50000")
        int maxLeads();

        /** The furthest back (days) a simulation may look. */
        @WithDefault("365")
        int maxDays();
    }
}
