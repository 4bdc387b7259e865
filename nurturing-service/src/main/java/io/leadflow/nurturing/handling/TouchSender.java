package io.leadflow.nurturing.handling;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.leadflow.events.Channel;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.NurtureStatus;
import io.leadflow.nurturing.config.NurturingConfig;
import io.leadflow.nurturing.domain.ConsentPolicy;
import io.leadflow.nurturing.domain.RetryBackOff;
import io.leadflow.nurturing.domain.SendWindow;
import io.leadflow.nurturing.mail.EmailComposer.ComposedEmail;
import io.leadflow.nurturing.mail.EmailComposer.Recipient;
import io.leadflow.nurturing.mail.EmailComposer.TemplateFailure;
import io.leadflow.nurturing.mail.EmailComposer;
import io.leadflow.nurturing.mail.SendFailure;
import io.leadflow.nurturing.messaging.NurtureEvents;
import io.leadflow.nurturing.metrics.NurtureMetrics;
import io.leadflow.nurturing.persistence.Enrollment;
import io.leadflow.nurturing.persistence.NurtureLead;
import io.leadflow.nurturing.persistence.ScheduledTouch;
import io.leadflow.nurturing.persistence.SequenceStep;
import io.leadflow.nurturing.persistence.Suppression;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Handles one due touch per call, in one transaction that holds the touch's row lock from claim to commit, so no
 * other pass or instance can take it meanwhile. An email is checked against the suppression list, consent, its send
 * window and the per-domain throttle, rendered, and sent over SMTP; a task is handed to the reps as
 * {@code task_created}. A failure that may pass (SMTP unreachable, 4xx) leaves the touch due again later with its
 * attempt count; one that will not (5xx, an address that cannot be written, a broken template) is a counted skip.
 */
@ApplicationScoped
public class TouchSender {

    private static final Logger LOG = Logger.getLogger(TouchSender.class);
    static final Duration THROTTLE_PERIOD = Duration.ofMinutes(1);

    @Inject
    Clock clock;

    @Inject
    EmailComposer composer;

    @Inject
    ReactiveMailer mailer;

    @Inject
    NurtureEvents events;

    @Inject
    NurtureMetrics metrics;

    @Inject
    NurturingConfig config;

    private ConsentPolicy consent;
    private RetryBackOff backOff;

    @jakarta.annotation.PostConstruct
    void init() {
        consent = new ConsentPolicy(config.consent().optInCountries());
        backOff = new RetryBackOff(config.retry().first(), config.retry().max(), config.retry().maxAttempts());
    }

    /** Handles the next due touch; {@code false} when none was due. Must run on a Vert.x context. */
    public Uni<Boolean> handleNextDue() {
        Instant now = clock.instant();
        List<Runnable> afterCommit = new ArrayList<>();
        AtomicReference<ScheduledTouch> claimed = new AtomicReference<>();
        return Panache.withTransaction(() -> ScheduledTouch.claimDue(now).chain(touch -> {
            if (touch == null) {
                return Uni.createFrom().item(false);
            }
            claimed.set(touch);
            return handle(touch, now, afterCommit).replaceWith(true);
        }))
                .invoke(() -> afterCommit.forEach(Runnable::run))
                .onFailure().recoverWithUni(failure -> {
                    ScheduledTouch touch = claimed.get();
                    if (touch == null) {
                        return Uni.createFrom().failure(failure);
                    }
                    // Whatever broke, this touch must not stay first in line and block every other one.
                    LOG.errorf(failure, "Touch %s could not be handled; it is postponed", touch.id);
                    return postpone(touch, failure).replaceWith(true);
                });
    }

    private Uni<Void> handle(ScheduledTouch touch, Instant now, List<Runnable> afterCommit) {
        return Enrollment.<Enrollment> findById(touch.enrollmentId).chain(enrollment -> {
            if (enrollment == null || !Enrollment.ACTIVE.equals(enrollment.status)) {
                touch.status = ScheduledTouch.CANCELLED;
                return Uni.createFrom().voidItem();
            }
            return NurtureLead.byId(enrollment.leadId)
                    .chain(lead -> SequenceStep.<SequenceStep> find("sequenceId = ?1 and position = ?2",
                            enrollment.sequenceId, touch.step).firstResult()
                            .chain(step -> {
                                SendWindow window = (step == null || step.windowStart == null
                                        ? SendWindow.WORKING_DAY
                                        : new SendWindow(step.windowStart, step.windowEnd))
                                        .on(config.businessDays());
                                ZoneId zone = zoneOf(enrollment.timeZone);
                                if (!window.isOpen(now, zone)) {
                                    // Due, but its window is closed (a retry at night, a pass after downtime).
                                    touch.dueAt = window.nextOpening(now, zone);
                                    return Uni.createFrom().voidItem();
                                }
                                Uni<Void> done = touch.channel == Channel.EMAIL
                                        ? email(touch, enrollment, lead, window, zone, now, afterCommit)
                                        : task(touch, enrollment, lead, now, afterCommit);
                                return done.chain(() -> completeIfLast(touch, enrollment, lead, now, afterCommit));
                            }));
        });
    }

    private Uni<Void> task(ScheduledTouch touch, Enrollment enrollment, NurtureLead lead, Instant now,
            List<Runnable> afterCommit) {
        touch.status = ScheduledTouch.SENT;
        touch.sentAt = now;
        touch.attempts++;
        afterCommit.add(() -> metrics.sent(enrollment.sequenceId, touch.step, touch.channel.wire(),
                Duration.between(touch.dueAt, now)));
        // A lost task is a lead nobody calls: if the broker does not take it, the transaction rolls back and the
        // touch is tried again.
        return events.publish(NurtureEvents.touchCause(touch.id), "task_created", new LeadNurture(enrollment.leadId,
                enrollment.id, enrollment.sequenceId, NurtureStatus.TASK_CREATED, touch.step, touch.channel,
                touch.dueAt, touch.template, receivedAt(lead), now), now);
    }

    private Uni<Void> email(ScheduledTouch touch, Enrollment enrollment, NurtureLead lead, SendWindow window,
            ZoneId zone, Instant now, List<Runnable> afterCommit) {
        String address = lead != null && lead.email != null ? lead.email : enrollment.email;
        return Suppression.covers(enrollment.leadId, address).chain(suppressed -> {
            if (suppressed) {
                return skip(touch, "suppressed", "the person is on the suppression list", afterCommit);
            }
            if (lead == null) {
                // Enrolled before nurturing kept snapshots: its consent is unknown, so no marketing email.
                return skip(touch, "no_consent", "no snapshot of the lead, so no recorded consent", afterCommit);
            }
            if (!consent.allowsMarketingEmail(lead.country, lead.marketingConsent)) {
                return skip(touch, "no_consent", "no recorded consent in an opt-in country (" + lead.country + ")",
                        afterCommit);
            }
            if (address == null || address.isBlank()) {
                return skip(touch, "no_address", "the lead has no email address", afterCommit);
            }
            String domain = domainOf(address);
            return ScheduledTouch.lastEmailSentAt(enrollment.id).chain(lastSent -> {
                Duration gap = config.minGap();
                if (lastSent != null && lastSent.plus(gap).isAfter(now)) {
                    // Two steps overdue at once (after downtime): the second waits, never two emails in one go.
                    touch.dueAt = window.nextOpening(lastSent.plus(gap), zone);
                    return Uni.createFrom().voidItem();
                }
                return throttledOrSent(touch, enrollment, lead, address, domain, now, afterCommit);
            });
        });
    }

    private Uni<Void> throttledOrSent(ScheduledTouch touch, Enrollment enrollment, NurtureLead lead, String address,
            String domain, Instant now, List<Runnable> afterCommit) {
        return throttled(domain, now).chain(throttled -> {
            if (throttled) {
                touch.dueAt = now.plus(THROTTLE_PERIOD);
                afterCommit.add(metrics::throttled);
                return Uni.createFrom().voidItem();
            }
            ComposedEmail email;
            try {
                email = composer.compose(touch.template, recipient(enrollment, lead), touch.id);
            } catch (TemplateFailure e) {
                LOG.errorf("Touch %s skipped: %s", touch.id, e.getMessage());
                return skip(touch, "template_failed", e.getMessage(), afterCommit);
            }
            return send(touch, enrollment, lead, address, domain, email, now, afterCommit);
        });
    }

    private Uni<Void> send(ScheduledTouch touch, Enrollment enrollment, NurtureLead lead, String address,
            String domain, ComposedEmail email, Instant now, List<Runnable> afterCommit) {
        Mail mail = Mail.withHtml(address, email.subject(), email.html())
                .setText(email.text())
                .setFrom(config.mail().from())
                .addHeader("List-Unsubscribe", "<" + email.unsubscribeUrl() + ">")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
                .addHeader("Content-Language", email.language())
                .addHeader("X-Leadflow-Touch", touch.id.toString());
        touch.attempts++;
        // The session must be resumed on its own Vert.x context whatever thread the SMTP answer comes on.
        Context context = Vertx.currentContext();
        // The mailer refuses an address it cannot write by throwing at once, not through the Uni.
        Uni<Void> sending = Uni.createFrom().deferred(() -> mailer.send(mail));
        if (context != null) {
            sending = sending.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return sending.onItemOrFailure().transformToUni((ignored, failure) -> {
            if (failure == null) {
                return sent(touch, enrollment, lead, domain, now, afterCommit);
            }
            if (SendFailure.isPermanent(failure)) {
                LOG.warnf("Touch %s: the address was refused (%s); the person is suppressed", touch.id,
                        SendFailure.describe(failure));
                return skip(touch, "refused", SendFailure.describe(failure), afterCommit)
                        .chain(() -> Suppression.add(enrollment.leadId, address, "refused", now));
            }
            touch.fail(SendFailure.describe(failure));
            if (backOff.givesUpAfter(touch.attempts)) {
                LOG.errorf("Touch %s given up after %d attempts: %s", touch.id, touch.attempts, touch.lastError);
                touch.status = ScheduledTouch.FAILED;
                afterCommit.add(metrics::failed);
            } else {
                touch.dueAt = backOff.nextTry(now, touch.attempts);
                LOG.warnf("Touch %s not sent (attempt %d), next try at %s: %s", touch.id, touch.attempts,
                        touch.dueAt, touch.lastError);
                afterCommit.add(metrics::retried);
            }
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> sent(ScheduledTouch touch, Enrollment enrollment, NurtureLead lead, String domain, Instant now,
            List<Runnable> afterCommit) {
        touch.status = ScheduledTouch.SENT;
        touch.sentAt = now;
        touch.recipientDomain = domain;
        touch.lastError = null;
        afterCommit.add(() -> metrics.sent(enrollment.sequenceId, touch.step, touch.channel.wire(),
                Duration.between(touch.dueAt, now)));
        // The email is out: a broker failure now must not roll the touch back into a second email.
        return events.publish(NurtureEvents.touchCause(touch.id), "touch_sent", new LeadNurture(enrollment.leadId,
                enrollment.id, enrollment.sequenceId, NurtureStatus.TOUCH_SENT, touch.step, touch.channel,
                touch.dueAt, null, receivedAt(lead), now), now)
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf("touch_sent of touch %s not published: %s", touch.id, failure.toString());
                    afterCommit.add(metrics::eventNotPublished);
                    return null;
                });
    }

    private Uni<Void> completeIfLast(ScheduledTouch touch, Enrollment enrollment, NurtureLead lead, Instant now,
            List<Runnable> afterCommit) {
        if (ScheduledTouch.SCHEDULED.equals(touch.status)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.flush())
                .chain(() -> ScheduledTouch.anyPending(enrollment.id))
                .chain(pending -> {
                    if (pending) {
                        return Uni.createFrom().voidItem();
                    }
                    enrollment.status = Enrollment.COMPLETED;
                    enrollment.completedAt = now;
                    afterCommit.add(() -> metrics.completed(enrollment.sequenceId));
                    return events.publish("enrollment/" + enrollment.id, "completed", new LeadNurture(
                            enrollment.leadId, enrollment.id, enrollment.sequenceId, NurtureStatus.COMPLETED, null,
                            null, null, null, receivedAt(lead), now), now);
                });
    }

    private Uni<Void> skip(ScheduledTouch touch, String reason, String detail, List<Runnable> afterCommit) {
        touch.status = ScheduledTouch.SKIPPED;
        touch.fail(reason + ": " + detail);
        afterCommit.add(() -> metrics.skipped(reason));
        return Uni.createFrom().voidItem();
    }

    private Uni<Boolean> throttled(String domain, Instant now) {
        int limit = config.throttle().perDomainPerMinute();
        if (limit <= 0) {
            return Uni.createFrom().item(false);
        }
        return ScheduledTouch.sentToDomainSince(domain, now.minus(THROTTLE_PERIOD)).map(sent -> sent >= limit);
    }

    /** After an unexpected failure: the touch waits its back-off, and is given up after the usual attempts. */
    private Uni<Void> postpone(ScheduledTouch claimed, Throwable failure) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> ScheduledTouch.<ScheduledTouch> findById(claimed.id).chain(touch -> {
            if (touch == null || !ScheduledTouch.SCHEDULED.equals(touch.status)) {
                return Uni.createFrom().voidItem();
            }
            touch.attempts++;
            touch.fail(SendFailure.describe(failure));
            if (backOff.givesUpAfter(touch.attempts)) {
                touch.status = ScheduledTouch.FAILED;
            } else {
                touch.dueAt = backOff.nextTry(now, touch.attempts);
            }
            return Uni.createFrom().voidItem();
        })).invoke(metrics::failed);
    }

    private static Recipient recipient(Enrollment enrollment, NurtureLead lead) {
        if (lead == null) {
            return new Recipient(enrollment.leadId, null, null, null, null, enrollment.language, null);
        }
        return new Recipient(enrollment.leadId, lead.firstName, lead.company, lead.industry, lead.lastContent,
                lead.language != null ? lead.language : enrollment.language, lead.country);
    }

    private static Instant receivedAt(NurtureLead lead) {
        return lead == null ? null : lead.receivedAt;
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return (at < 0 ? address : address.substring(at + 1)).toLowerCase(Locale.ROOT);
    }

    static ZoneId zoneOf(String timeZone) {
        try {
            return timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
