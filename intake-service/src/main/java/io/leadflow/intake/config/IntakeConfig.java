package io.leadflow.intake.config;

import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Intake's own settings ({@code LEADFLOW_INTAKE_...} environment variables). */
@ConfigMapping(prefix = "leadflow.intake")
public interface IntakeConfig {

    /** Largest accepted body of {@code POST /api/v1/leads}, in bytes. */
    @WithDefault("65536")
    int maxLeadBodyBytes();

    /** Sources counted under their own name in metrics; any other source is counted as {@code other}. */
    @WithDefault("website,webinar,linkedin,google_ads,facebook_ads,partner,referral,event,import,api")
    Set<String> metricSources();
}
