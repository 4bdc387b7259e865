package io.leadflow.routing.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Routing's own settings ({@code LEADFLOW_ROUTING_...} environment variables). */
@ConfigMapping(prefix = "leadflow.routing")
public interface RoutingConfig {

    /** How long a rep has to accept an assignment before it moves on (a team may set its own); sets {@code acceptBy}. */
    @WithDefault("PT2M")
    Duration ackTimeout();

    /** The speed-to-lead SLA: from the lead's {@code receivedAt} to its acceptance. */
    @WithDefault("PT5M")
    Duration sla();

    /** The team of leads no rule matches. */
    @WithDefault("default")
    String defaultTeam();

    /** How often the deadline sweeper looks for due time-outs, SLA breaches and queued leads it can now place. */
    @WithDefault("PT1S")
    Duration sweepInterval();

    /** A lead waiting this long in the queue is released to nurturing instead of waiting forever. */
    @WithDefault("PT24H")
    Duration queueReleaseAfter();

    /** Telling reps without an open console, and calling webhooks. */
    @io.smallrye.config.WithName("notify")
    Notify notifications();

    interface Notify {

        /** How long a new assignment waits before a rep with no console open anywhere is emailed (and their webhook called). */
        @WithDefault("PT30S")
        Duration offlineAfter();

        /** The first retry's delay; each further one doubles it, up to an hour. */
        @WithDefault("PT15S")
        Duration retryAfter();

        /** Attempts before a delivery is given up as failed. */
        @WithDefault("8")
        int maxAttempts();

        /** The rep console's address, in the messages reps receive. */
        @WithDefault("http://localhost:8083/console/")
        String consoleUrl();

        /** Signs the calls to reps' own webhooks ({@code Leadflow-Signature}); unsigned without one. */
        java.util.Optional<String> webhookSecret();
    }

    /** Seeds the demo team of reps at start-up (the {@code local} and {@code test} profiles turn it on). */
    @WithDefault("false")
    boolean demoData();

    /** How long routing keeps personal data (SECURITY.md, Retention); {@code LEADFLOW_ROUTING_RETENTION_...}. */
    Retention retention();

    interface Retention {

        /**
         * A lead with no open assignment or task and no activity (routing, assignment step, decision, task) for this
         * long loses everything routing holds about it.
         */
        @WithDefault("P730D")
        Duration inactiveLeads();

        /** De-duplication ids of consumed events. */
        @WithDefault("P90D")
        Duration processedEvents();

        /** How often the purge runs. */
        @WithDefault("PT1H")
        Duration every();

        @WithDefault("true")
        boolean enabled();
    }
}
