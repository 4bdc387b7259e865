package io.leadflow.intake.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    OutboxLimits outbox();

    GroupCommit groupCommit();

    /** Submissions that come together share one database transaction (group commit). */
    interface GroupCommit {
        /** The most submissions one transaction takes; 1 gives every submission a transaction of its own. */
        @WithDefault("64")
        int maxSize();

        /**
         * How many such transactions run at once: a submission that finds one free does not wait, so a quiet intake
         * answers as fast as without groups; under load the others gather behind them.
         */
        @WithDefault("2")
        int concurrency();
    }

    /**
     * How far the outbox may grow while the relay cannot keep up (the broker away or slow) before intake refuses new
     * work ({@code 503} with {@code Retry-After}) instead of filling the database.
     */
    interface OutboxLimits {
        /**
         * Live events waiting beyond which live submissions are refused; likewise imported events beyond which a new
         * import is refused (the two lanes are counted apart, so an import never refuses a live lead).
         */
        @WithDefault("200000")
        long maxPending();

        /** What a refusal's {@code Retry-After} says, in seconds. */
        @WithDefault("30")
        int retryAfterSeconds();
    }

    Spend spend();

    /** Marketing spend per month, source and campaign, for cost per lead (README, "Marketing spend"). */
    interface Spend {
        /**
         * A YAML file of monthly spend ({@code 2026-11: [{source, campaign, amount, currency}]}), a path or
         * {@code classpath:name}; each month it lists replaces that month's spend at start-up. None by default.
         */
        Optional<String> file();

        /** Largest accepted body of {@code PUT /api/v1/admin/spend/{month}}, in bytes. */
        @WithDefault("131072")
        int maxBodyBytes();

        /** How often this month's spend is read again for the metric (another instance may have changed it). */
        @WithDefault("PT1M")
        Duration refresh();
    }

    /** Signed webhook senders, by the source name in {@code POST /api/v1/webhooks/{source}}. */
    Map<String, Webhook> webhooks();

    /** Plain HTML forms, by the form id in {@code POST /api/v1/forms/{formId}}. */
    Map<String, Form> forms();

    /** A browser form: who may post it, where the visitor goes next, and how its fields map to a lead. */
    interface Form {
        /** The origins (scheme://host[:port]) of the pages that carry the form. */
        List<String> allowedOrigins();

        /** The public form key, sent in the hidden field {@code form_key}; optional. */
        Optional<String> key();

        /** Where the visitor goes after submitting (303). */
        String thankYouUrl();

        @WithDefault("website")
        String source();

        Optional<String> campaign();

        @WithDefault("contact")
        String formType();

        /** The version of the consent text the form shows, recorded with the answer. */
        Optional<String> consentTextVersion();

        /** Form field name to lead field, when the form does not use the lead's own names. */
        Map<String, String> fields();

        /** A field hidden from people: a bot that fills it is thanked and ignored. */
        @WithDefault("hp_website")
        String honeypotField();

        /** A submission sooner than this after the page rendered ({@code _rendered_at}, epoch ms) is a bot's. */
        @WithDefault("3")
        int minFillSeconds();
    }

    /** Largest accepted CSV import, in bytes (streamed to disk, never held in memory). */
    @WithDefault("67108864")
    long maxImportBytes();

    /** Largest accepted HTML form body, in bytes. */
    @WithDefault("32768")
    int maxFormBodyBytes();

    /** Largest accepted webhook body, in bytes. */
    @WithDefault("1048576")
    int maxWebhookBodyBytes();

    /** How a webhook sender signs, what it sends, and where Leadflow finds each field in it. */
    interface Webhook {
        /** {@code typeform}, {@code hubspot-v3}, {@code hub-signature-256} or {@code timestamped-hmac}. */
        String scheme();

        /** One secret, or two while the sender rotates them. Without any, every delivery is refused. */
        Optional<List<String>> secrets();

        /** {@code lead}: each delivery is a lead; {@code engagement}: a list of email events of known people. */
        @WithDefault("lead")
        String kind();

        /** The source recorded on its leads; the webhook's name when absent. */
        Optional<String> source();

        /** The form type when the mapping finds none. */
        @WithDefault("contact")
        String formType();

        /** Lead field (or, for engagements, {@code email}, {@code event}, {@code occurredAt}) to its path in the body. */
        Map<String, String> fields();

        /** For engagements: the path of the array of events (the body itself when absent or empty). */
        Optional<String> items();

        /** For engagements: the sender's event name to a Leadflow activity ({@code bounce=email_bounced}). */
        Map<String, String> activities();

        /** The header of the {@code timestamped-hmac} scheme. */
        @WithDefault("Leadflow-Signature")
        String signatureHeader();

        /** The public base URL the sender calls (for {@code hubspot-v3}, which signs the full URL). */
        Optional<String> publicUrl();
    }

    interface RateLimits {
        /** Requests a minute one API key may make (with bursts up to the same number). */
        @WithDefault("1200")
        int perKeyPerMinute();

        /** Another limit for the keys of some sources ({@code partner=300}). */
        Map<String, Integer> perSourcePerMinute();

        /** Requests a minute one IP address may make to the public endpoints (forms, tracking, webhooks). */
        @WithDefault("120")
        int perIpPerMinute();
    }
}
