package io.leadflow.nurturing.handling;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.leadflow.events.LeadEngagement;
import io.leadflow.nurturing.domain.EngagementDetails;
import io.leadflow.nurturing.metrics.NurtureMetrics;
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
            case EMAIL_BOUNCED -> EngagementDetails.isSoftBounce(engagement.details())
                    ? Uni.createFrom().voidItem().invoke(() -> delivery.afterCommit(() -> metrics.bounced("soft")))
                    : suppressAndExit(delivery, EnrollmentExits.BOUNCED, () -> metrics.bounced("hard"));
            case CONTENT_DOWNLOADED -> rememberContent(engagement);
            default -> Uni.createFrom().voidItem(); // UNKNOWN too: a newer intake's activity exits no sequence
        };
    }

    private Uni<Void> rememberContent(LeadEngagement engagement) {
        String content = EngagementDetails.contentOf(engagement.details());
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
}
