package io.leadflow.routing.outbound;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.routing.config.RoutingConfig;
import io.leadflow.routing.domain.LeadSummary;
import io.leadflow.routing.live.RepPresence;
import io.leadflow.routing.outbound.OutboundCalls.Result;
import io.leadflow.routing.persistence.OutboxEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Outbound notifications as durable rows ({@code outbound_delivery}). The outbox relay records them in the transaction
 * that publishes an event: one per webhook that wants the event's status, and for a new assignment an email and the
 * rep's own webhook call (two set-based statements per batch). Every {@code leadflow.routing.sweep-interval} each
 * instance claims due rows {@code FOR UPDATE SKIP LOCKED}, leasing them in the same statement (their due time moves
 * past the longest a call can take, so an instance that dies mid-call leaves the row to another), makes the calls,
 * and records the result only if the row is still its claim (then the next attempt after the back-off). A rep's notification is skipped
 * when, by then, the assignment is no longer waiting for them or they have a console open on any instance.
 */
@Singleton
public class OutboundDeliveries {

    static final int BATCH = 20;
    private static final Logger LOG = Logger.getLogger(OutboundDeliveries.class);
    private static final List<String> KINDS = List.of("webhook", "rep_email", "rep_webhook");
    private static final List<String> RESULTS = List.of("delivered", "retried", "failed", "skipped");

    public record DeliveryView(long id, String kind, UUID eventId, UUID leadId, String state, int attempts,
            Instant dueAt, String lastError, Instant createdAt, Instant doneAt) {
    }

    record Claimed(long id, String kind, UUID webhookId, UUID repId, UUID eventId, UUID leadId, UUID assignmentId,
            String payload, int attempts) {
    }

    /** One statement per batch: every published event a subscribed, active webhook wants. */
    private static final String RECORD_WEBHOOKS = "insert into outbound_delivery (kind, webhook_id, event_id, lead_id, "
            + "assignment_id, payload, due_at, created_at) select 'webhook', w.id, o.event_id, o.lead_id, "
            + "cast(cast(o.payload as jsonb) ->> 'assignmentId' as uuid), o.payload, :now, :now from outbox_event o "
            + "join webhook w on w.active and (w.statuses = '[]' or cast(w.statuses as jsonb) "
            + "@> jsonb_build_array(cast(o.payload as jsonb) ->> 'status')) where o.id in (:ids) on conflict do nothing";
    /** One statement per batch: for each new assignment, its rep's email and (when they have one) webhook. */
    private static final String RECORD_REPS = "insert into outbound_delivery (kind, rep_id, event_id, lead_id, "
            + "assignment_id, payload, due_at, created_at) select k.kind, r.id, o.event_id, o.lead_id, "
            + "cast(cast(o.payload as jsonb) ->> 'assignmentId' as uuid), o.payload, :due, :now from outbox_event o "
            + "join rep r on r.id = cast(cast(o.payload as jsonb) ->> 'repId' as uuid) "
            + "cross join (values ('rep_email'), ('rep_webhook')) as k(kind) "
            + "where o.id in (:ids) and cast(o.payload as jsonb) ->> 'status' in ('assigned', 'reassigned') "
            + "and cast(o.payload as jsonb) ->> 'assignmentId' is not null "
            + "and (k.kind = 'rep_email' or r.notify_webhook_url is not null) on conflict do nothing";
    /**
     * Claims due rows and leases them: their due time moves past the longest a delivery can take, so no other
     * instance claims them meanwhile; {@link #finish} then sets the real next attempt.
     */
    private static final String CLAIM = "update outbound_delivery d set attempts = d.attempts + 1, due_at = $2 "
            + "from (select id from outbound_delivery where state = 'pending' and due_at <= $1 order by due_at "
            + "limit " + BATCH + " for update skip locked) due where d.id = due.id "
            + "returning d.id, d.kind, d.webhook_id, d.rep_id, d.event_id, d.lead_id, d.assignment_id, d.payload, "
            + "d.attempts";
    /** Longer than any delivery takes (a call: 5 s to connect, 10 s to answer; an email: {@link #MAIL_TIMEOUT}). */
    static final java.time.Duration LEASE = java.time.Duration.ofSeconds(90);
    static final java.time.Duration MAIL_TIMEOUT = java.time.Duration.ofSeconds(30);

    /** Finished deliveries are kept this long (for the deliveries endpoint), then purged. */
    static final java.time.Duration KEPT = java.time.Duration.ofDays(7);

    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean again;
    private volatile long timerId = -1;
    private volatile long purgeTimerId = -1;

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Inject
    Clock clock;

    @Inject
    RoutingConfig config;

    @Inject
    OutboundCalls calls;

    @Inject
    ReactiveMailer mailer;

    @Inject
    RepPresence presence;

    @Inject
    MeterRegistry registry;

    void start(@Observes StartupEvent started) {
        KINDS.forEach(kind -> RESULTS.forEach(result -> counter(kind, result)));
        timerId = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> wake());
        purgeTimerId = vertx.setPeriodic(java.time.Duration.ofHours(1).toMillis(), id -> purge(clock.instant()).subscribe().with(
                purged -> LOG.debugf("Purged %d finished outbound deliveries", purged),
                failure -> LOG.warnf("Could not purge finished outbound deliveries: %s", failure.toString())));
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        if (purgeTimerId >= 0) {
            vertx.cancelTimer(purgeTimerId);
        }
    }

    /** Removes deliveries finished more than {@link #KEPT} before {@code now}; returns how many. */
    Uni<Integer> purge(Instant now) {
        return pool.preparedQuery("delete from outbound_delivery where state <> 'pending' and done_at < $1")
                .execute(Tuple.of(now.minus(KEPT).atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    /**
     * Records the deliveries a published batch of events causes, inside the relay's transaction (the one that deletes
     * the batch from the outbox): each event is recorded exactly once, and a row repeats nothing (unique per target
     * and event).
     */
    public Uni<Void> record(List<OutboxEvent> batch) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        OffsetDateTime due = clock.instant().plus(config.notifications().offlineAfter()).atOffset(ZoneOffset.UTC);
        List<Long> ids = batch.stream().map(row -> row.id).toList();
        return Panache.getSession().chain(session -> session.createNativeQuery(RECORD_WEBHOOKS)
                .setParameter("ids", ids).setParameter("now", now).executeUpdate()
                .chain(() -> session.createNativeQuery(RECORD_REPS)
                        .setParameter("ids", ids).setParameter("now", now).setParameter("due", due).executeUpdate()))
                .replaceWithVoid();
    }

    /** Asks for a pass over due deliveries; passes never overlap, and a wake-up during one causes another. */
    public void wake() {
        if (!sending.compareAndSet(false, true)) {
            again = true;
            return;
        }
        again = false;
        pass().subscribe().with(sent -> passDone(sent == BATCH), failure -> {
            LOG.warnf("Outbound deliveries could not be claimed: %s", failure.toString());
            passDone(false);
        });
    }

    private void passDone(boolean more) {
        sending.set(false);
        if (more || again) {
            wake();
        }
    }

    Uni<Integer> pass() {
        Instant now = clock.instant();
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), now.plus(LEASE).atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<Claimed> claimed = new java.util.ArrayList<>();
                    rows.forEach(row -> claimed.add(claimed(row)));
                    return claimed;
                })
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0)
                        : Uni.join().all(claimed.stream().map(this::deliver).toList()).andCollectFailures()
                                .replaceWith(claimed.size()));
    }

    private Uni<Void> deliver(Claimed delivery) {
        Uni<Outcome> outcome = switch (delivery.kind()) {
            case "webhook" -> toWebhook(delivery);
            case "rep_email", "rep_webhook" -> toRep(delivery);
            default -> Uni.createFrom().item(Outcome.skipped("unknown kind " + delivery.kind()));
        };
        return outcome.onFailure().recoverWithItem(failure -> Outcome.of(Result.retry(failure.toString())))
                .chain(result -> finish(delivery, result));
    }

    private Uni<Outcome> toWebhook(Claimed delivery) {
        return pool.preparedQuery("select w.url, w.secret, w.format, w.active, a.lead_summary from webhook w "
                + "left join assignment a on a.id = $2 where w.id = $1")
                .execute(Tuple.of(delivery.webhookId(), delivery.assignmentId()))
                .chain(rows -> {
                    if (rows.size() == 0 || !rows.iterator().next().getBoolean("active")) {
                        return Uni.createFrom().item(Outcome.skipped("the webhook was removed or deactivated"));
                    }
                    Row webhook = rows.iterator().next();
                    LeadSummary lead = summary(webhook.getString("lead_summary"));
                    String body = "slack".equals(webhook.getString("format"))
                            ? OutboundMessages.slackEvent(EventJson.read(delivery.payload(), LeadAssignment.class), lead)
                            : OutboundMessages.event(delivery.eventId().toString(), delivery.payload(), lead);
                    return calls.post(webhook.getString("url"), body, webhook.getString("secret"), delivery.id(),
                            delivery.eventId().toString()).map(Outcome::of);
                });
    }

    private Uni<Outcome> toRep(Claimed delivery) {
        return pool.preparedQuery("select a.status, a.rep_id, a.lead_summary, a.score, a.grade, a.accept_by, "
                + "r.email, r.time_zone, r.notify_webhook_url, r.console_seen_at from assignment a "
                + "join rep r on r.id = $2 where a.id = $1")
                .execute(Tuple.of(delivery.assignmentId(), delivery.repId()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Outcome.skipped("the assignment or the rep is gone"));
                    }
                    Row row = rows.iterator().next();
                    if (!AssignmentStatus.ASSIGNED.name().equals(row.getString("status"))
                            || !delivery.repId().equals(row.getUUID("rep_id"))) {
                        return Uni.createFrom().item(Outcome.skipped("no longer waiting for this rep"));
                    }
                    OffsetDateTime seen = row.getOffsetDateTime("console_seen_at");
                    if (presence.online(delivery.repId(), seen == null ? null : seen.toInstant())) {
                        return Uni.createFrom().item(Outcome.skipped("the rep has a console open"));
                    }
                    LeadSummary lead = summary(row.getString("lead_summary"));
                    OffsetDateTime acceptBy = row.getOffsetDateTime("accept_by");
                    String text = OutboundMessages.assignmentText(lead, row.getInteger("score"),
                            row.getString("grade"), acceptBy == null ? null : acceptBy.toInstant(),
                            ZoneId.of(row.getString("time_zone")), config.notifications().consoleUrl());
                    if ("rep_email".equals(delivery.kind())) {
                        return mailer.send(Mail.withText(row.getString("email"),
                                OutboundMessages.assignmentSubject(lead), text))
                                .ifNoItem().after(MAIL_TIMEOUT).fail()
                                .replaceWith(Outcome.of(Result.DELIVERED));
                    }
                    String url = row.getString("notify_webhook_url");
                    if (url == null) {
                        return Uni.createFrom().item(Outcome.skipped("the rep no longer has a webhook"));
                    }
                    return calls.post(url, OutboundMessages.slack(text), config.notifications().webhookSecret().orElse(null),
                            delivery.id(), delivery.eventId().toString()).map(Outcome::of);
                });
    }

    private Uni<Void> finish(Claimed delivery, Outcome outcome) {
        Instant now = clock.instant();
        String state;
        if (outcome.skipped() != null) {
            state = "skipped";
        } else if (outcome.result().delivered()) {
            state = "delivered";
        } else if (outcome.result().retry() && delivery.attempts() < config.notifications().maxAttempts()) {
            state = "pending";
        } else {
            state = "failed";
        }
        String error = outcome.skipped() != null ? outcome.skipped() : outcome.result().error();
        counter(delivery.kind(), state.equals("pending") ? "retried" : state).increment();
        if (state.equals("failed")) {
            LOG.warnf("Outbound %s delivery %d failed for good after %d attempts: %s", delivery.kind(), delivery.id(),
                    delivery.attempts(), error);
        }
        // The next attempt after the back-off: the retry delay, doubling, at most an hour.
        long backOff = Math.min(3600,
                config.notifications().retryAfter().toSeconds() << Math.min(delivery.attempts() - 1, 20));
        // Fenced on the claim: a row another instance claimed since (after a lease ran out) is left to it.
        return pool.preparedQuery("update outbound_delivery set state = $2, last_error = $3, "
                + "done_at = case when $2 = 'pending' then null else $4 end, "
                + "due_at = case when $2 = 'pending' then $5 else due_at end "
                + "where id = $1 and attempts = $6 and state = 'pending'")
                .execute(Tuple.tuple().addLong(delivery.id()).addString(state)
                        .addString(error == null ? null : truncate(error)).addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                        .addOffsetDateTime(now.plusSeconds(backOff).atOffset(ZoneOffset.UTC))
                        .addInteger(delivery.attempts()))
                .replaceWithVoid();
    }

    /** A webhook's latest deliveries, newest first. */
    public Uni<List<DeliveryView>> ofWebhook(UUID webhookId) {
        return pool.preparedQuery("select id, kind, event_id, lead_id, state, attempts, due_at, last_error, created_at, "
                + "done_at from outbound_delivery where webhook_id = $1 order by id desc limit 100")
                .execute(Tuple.of(webhookId))
                .map(rows -> {
                    List<DeliveryView> views = new java.util.ArrayList<>();
                    rows.forEach(row -> views.add(new DeliveryView(row.getLong("id"), row.getString("kind"),
                            row.getUUID("event_id"), row.getUUID("lead_id"), row.getString("state"),
                            row.getInteger("attempts"), instant(row, "due_at"), row.getString("last_error"),
                            instant(row, "created_at"), instant(row, "done_at"))));
                    return views;
                });
    }

    private static Claimed claimed(Row row) {
        return new Claimed(row.getLong("id"), row.getString("kind"), row.getUUID("webhook_id"), row.getUUID("rep_id"),
                row.getUUID("event_id"), row.getUUID("lead_id"), row.getUUID("assignment_id"), row.getString("payload"),
                row.getInteger("attempts"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static LeadSummary summary(String json) {
        return json == null ? null : EventJson.read(json, LeadSummary.class);
    }

    private static String truncate(String error) {
        return error.length() > 500 ? error.substring(0, 497) + "..." : error;
    }

    private io.micrometer.core.instrument.Counter counter(String kind, String result) {
        return registry.counter("leadflow.outbound.deliveries", "kind", kind, "result", result);
    }

    /** A delivery's end: skipped (with why), or the call's result. */
    record Outcome(String skipped, Result result) {
        static Outcome skipped(String why) {
            return new Outcome(why, null);
        }

        static Outcome of(Result result) {
            return new Outcome(null, result);
        }
    }
}
