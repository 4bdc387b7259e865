package io.leadflow.scoring.config;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** scoring-service's own settings ({@code LEADFLOW_SCORING_...} environment variables). */
@ConfigMapping(prefix = "leadflow.scoring")
public interface ScoringConfig {

    /** The rule set the service ships, a classpath resource; in force until a person publishes another. */
    @WithDefault("scoring/rulesets/2026.11.3.yaml")
    String shippedRuleSet();

    /** How long an instance keeps the rule set in force before reading it again (a publish elsewhere shows then). */
    @WithDefault("PT2S")
    Duration ruleSetRefresh();

    /** Sources counted under their own name in the funnel metrics (as intake's); any other is {@code other}. */
    @WithDefault("website,webinar,linkedin,google_ads,facebook_ads,partner,referral,event,import,api,typeform,hubspot")
    Set<String> metricSources();

    Firmographics firmographics();

    Decay decay();

    Provider provider();

    Simulation simulation();

    interface Firmographics {

        /** Load the demo companies at start-up when the reference table is empty ({@code local} profile). */
        @WithDefault("false")
        boolean demoData();
    }

    /** The external firmographics provider, asked when the reference table does not know a domain. */
    interface Provider {

        @WithDefault("false")
        boolean enabled();

        /** Base URL; the provider answers {@code GET <url>/companies/<domain>} with JSON, 404 when unknown. */
        Optional<String> url();

        /** Sent as {@code Authorization: Bearer <key>} when set. */
        Optional<String> apiKey();

        /** The most one lead waits for the provider, retries included; then it is scored without. */
        @WithDefault("PT0.8S")
        Duration timeout();

        /** Retries of a failed call (connection error or 5xx) within the time-out. */
        @WithDefault("1")
        int retries();

        /** How long an answer (found or not) is kept before the provider is asked again. */
        @WithDefault("P30D")
        Duration cacheTtl();

        /** Consecutive failures that open the circuit: the provider is not asked while it is open. */
        @WithDefault("5")
        int failureThreshold();

        @WithDefault("PT30S")
        Duration openFor();
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
