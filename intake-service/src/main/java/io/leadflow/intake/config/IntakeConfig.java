package io.leadflow.intake.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Intake's own settings ({@code LEADFLOW_INTAKE_...} environment variables). */
@ConfigMapping(prefix = "leadflow.intake")
public interface IntakeConfig {

    /** Largest accepted body of {@code POST /api/v1/leads}, in bytes. */
    @WithDefault("65536")
    int maxLeadBodyBytes();

    /** Largest accepted body of {@code POST /api/v1/engagements}, in bytes. */
    @WithDefault("262144")
    int maxEngagementBodyBytes();

    /** Sources counted under their own name in metrics; any other source is counted as {@code other}. */
    @WithDefault("website,webinar,linkedin,google_ads,facebook_ads,partner,referral,event,import,api,typeform,hubspot")
    Set<String> metricSources();

    /**
     * API keys of the server-to-server channels, each {@code source=key}; a source may have two keys while one is
     * rotated. None by default: without keys every API call is refused.
     */
    Optional<List<String>> apiKeys();

    RateLimits rateLimit();

    interface RateLimits {
        /** Requests a minute one API key may make (with bursts up to the same number). */
        @WithDefault("1200")
        int perKeyPerMinute();

        /** Requests a minute one IP address may make to the public endpoints (forms, tracking, webhooks). */
        @WithDefault("120")
        int perIpPerMinute();
    }
}
