package io.leadflow.nurturing.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Nurturing's own settings ({@code leadflow.nurturing.*}, or {@code LEADFLOW_NURTURING_*} variables). */
@ConfigMapping(prefix = "leadflow.nurturing")
public interface NurturingConfig {

    Scheduler scheduler();

    Retry retry();

    Mail mail();

    Consent consent();

    Throttle throttle();

    /** How long nurturing keeps personal data (SECURITY.md, Retention); {@code LEADFLOW_NURTURING_RETENTION_...}. */
    Retention retention();

    /** A YAML file of sequences to load at start instead of the shipped {@code sequences/defaults.yaml}. */
    Optional<String> sequencesFile();

    /** The days touches are planned and sent on, in the lead's time zone. */
    @WithDefault("MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY")
    Set<DayOfWeek> businessDays();

    /** The least time between two emails of one enrollment, whatever fell due meanwhile. */
    @WithDefault("20h")
    Duration minGap();

    /** How long a lead that completed a sequence waits before a new score can enroll it again. */
    @WithDefault("30d")
    Duration coolDown();

    interface Scheduler {
        /** How often the scheduler looks for due touches. */
        @WithDefault("5s")
        Duration interval();

        /** Touches one pass handles at most before it yields to the next tick. */
        @WithDefault("100")
        int batchSize();
    }

    interface Retry {
        /** Delay before the first retry of a failed SMTP delivery; doubles each time. */
        @WithDefault("1m")
        Duration first();

        @WithDefault("1h")
        Duration max();

        /** Attempts before a touch is given up (status FAILED). */
        @WithDefault("8")
        int maxAttempts();
    }

    interface Mail {
        @WithDefault("Leadflow <hello@leadflow.example>")
        String from();

        /** Intake's public address: the open pixel, tracked links and the unsubscribe page are served there. */
        @WithDefault("http://127.0.0.1:8081")
        String trackingBaseUrl();

        /** How long open and click tokens stay valid (unsubscribe tokens never expire). */
        @WithDefault("180d")
        Duration trackingValidity();

        /** The links templates may use, by name ({@code links.<name>}); each goes out as a tracked link. */
        Map<String, String> links();
    }

    interface Consent {
        /** Countries (ISO codes) where marketing email needs recorded consent: the EU and EEA by default. */
        @WithDefault("AT,BE,BG,HR,CY,CZ,DK,EE,FI,FR,DE,GR,HU,IE,IT,LV,LT,LU,MT,NL,PL,PT,RO,SK,SI,ES,SE,IS,LI,NO")
        List<String> optInCountries();
    }

    interface Throttle {
        /** Emails to one recipient domain per minute, across the service; 0 turns the throttle off. */
        @WithDefault("30")
        int perDomainPerMinute();
    }

    interface Retention {

        /** A finished (exited or completed) enrollment with its touches, this long after it finished. */
        @WithDefault("P730D")
        Duration finishedEnrollments();

        /** The snapshot of a lead with no enrollment left and not updated for this long. */
        @WithDefault("P730D")
        Duration leadSnapshots();

        /**
         * The plain address on a suppression entry this old; its SHA-256, which is what suppression checks, stays
         * forever, so the person is never emailed again.
         */
        @WithDefault("P730D")
        Duration suppressionAddresses();

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
