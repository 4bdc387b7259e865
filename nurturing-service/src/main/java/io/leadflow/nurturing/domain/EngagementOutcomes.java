package io.leadflow.nurturing.domain;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.leadflow.events.LeadEngagement;
import io.leadflow.nurturing.persistence.NurtureLead;
import io.leadflow.nurturing.persistence.Suppression;
import io.leadflow.support.messaging.Delivery;
import io.leadflow.support.messaging.InvalidEventException;
import io.leadflow.support.persistence.LeadLocks;
import io.smallrye.mutiny.Uni;

/**
 * What a lead's engagement means for its sequence: a reply or a booked meeting ends it (a person is talking to us);
 * an unsubscribe or a hard bounce ends it and puts the person on the suppression list for good. A soft bounce is
 * only counted. A download is remembered, for the emails to mention. Other activities (opens, clicks, page views)
 * leave the sequence alone; scoring weighs them.
 */
@ApplicationScoped
public class EngagementOutcomes {

    @Inject
    Clock clock;

    @Inject
    EnrollmentExits exits;

    @Inject
    NurtureMetrics metrics;

    public Uni<Void> onEngagement(Delivery<LeadEngagement> delivery) {
        LeadEngagement engagement = delivery.event();
        if (engagement.leadId() == null || engagement.activity() == null) {
            throw new InvalidEventException("lead.engagement.v1 without leadId or activity");
        }
        return switch (engagement.activity()) {
            case EMAIL_REPLIED -> exit(delivery, EnrollmentExits.REPLIED, metrics::replied);
            case MEETING_BOOKED -> exit(delivery, EnrollmentExits.MEETING_BOOKED, () -> { });
            case UNSUBSCRIBED -> suppressAndExit(delivery, EnrollmentExits.UNSUBSCRIBED, metrics::unsubscribed);
            case EMAIL_BOUNCED -> isSoftBounce(engagement.details())
                    ? Uni.createFrom().voidItem().invoke(() -> delivery.afterCommit(() -> metrics.bounced("soft")))
                    : suppressAndExit(delivery, EnrollmentExits.BOUNCED, () -> metrics.bounced("hard"));
            case CONTENT_DOWNLOADED -> rememberContent(engagement);
            default -> Uni.createFrom().voidItem(); // UNKNOWN too: a newer intake's activity exits no sequence
        };
    }

    private Uni<Void> rememberContent(LeadEngagement engagement) {
        String content = contentOf(engagement.details());
        if (content == null) {
            return Uni.createFrom().voidItem();
        }
        return LeadLocks.lock(engagement.leadId())
                .chain(() -> NurtureLead.byId(engagement.leadId()))
                .invoke(lead -> {
                    if (lead != null) {
                        lead.lastContent = content;
                    }
                })
                .replaceWithVoid();
    }

    /** The downloaded item's name, as API clients and form tools tend to call it. */
    static String contentOf(Map<String, String> details) {
        if (details == null) {
            return null;
        }
        for (String key : new String[] { "content", "title", "asset", "name" }) {
            String value = details.get(key);
            if (value != null && !value.isBlank()) {
                String clean = value.strip().replaceAll("\\s+", " ");
                return clean.length() > 200 ? clean.substring(0, 200) : clean;
            }
        }
        return null;
    }

    private Uni<Void> exit(Delivery<LeadEngagement> delivery, String reason, Runnable count) {
        LeadEngagement engagement = delivery.event();
        return LeadLocks.lock(engagement.leadId())
                .chain(() -> exits.exitActive(engagement.leadId(), reason, delivery.eventId(),
                        engagement.receivedAt(), delivery::afterCommit))
                .invoke(() -> delivery.afterCommit(count));
    }

    private Uni<Void> suppressAndExit(Delivery<LeadEngagement> delivery, String reason, Runnable count) {
        LeadEngagement engagement = delivery.event();
        return LeadLocks.lock(engagement.leadId())
                .chain(() -> NurtureLead.byId(engagement.leadId()))
                .chain(lead -> Suppression.add(engagement.leadId(), lead == null ? null : lead.email, reason,
                        clock.instant()))
                .chain(() -> exits.exitActive(engagement.leadId(), reason, delivery.eventId(),
                        engagement.receivedAt(), delivery::afterCommit))
                .invoke(() -> delivery.afterCommit(count));
    }

    /**
     * Mail providers say {@code soft}, {@code transient} or {@code deferred} for a full mailbox or a busy server (in a
     * bounce type, or in the provider's event name that intake passes on as {@code providerEvent}); anything else
     * counts as hard.
     */
    static boolean isSoftBounce(Map<String, String> details) {
        if (details == null) {
            return false;
        }
        for (String key : new String[] { "bounceType", "bounce_type", "type", "providerEvent" }) {
            String value = details.get(key);
            if (value != null) {
                String v = value.toLowerCase(Locale.ROOT);
                if (v.contains("soft") || v.contains("transient") || v.contains("deferred")) {
                    return true;
                }
            }
        }
        return false;
    }
}
