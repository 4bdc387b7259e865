package io.leadflow.intake.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.support.persistence.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Import jobs and their rejected rows. */
@ApplicationScoped
public class ImportJobs {

    public static final int MAX_STORED_ERRORS = 10_000;
    public static final String CANCELLED = "CANCELLED";

    /**
     * The import's events still in the outbox, the people only they made known (a person who has since submitted
     * live is no longer {@code imported} and stays), those people's consent answers from the import, and their
     * progress rows; returns how many events it withdrew.
     */
    private static final String WITHDRAW = "with withdrawn as (delete from outbox_event o using import_lead il "
            + "where il.import_id = :id and o.lead_id = il.lead_id and o.bulk returning o.lead_id), "
            + "forgotten as (delete from lead_identity li using withdrawn w "
            + "where li.lead_id = w.lead_id and li.imported returning li.lead_id), "
            + "consents as (delete from consent_record c using forgotten f "
            + "where c.lead_id = f.lead_id and c.channel = 'import'), "
            + "untracked as (delete from import_lead il using withdrawn w "
            + "where il.import_id = :id and il.lead_id = w.lead_id) "
            + "select count(*) from withdrawn";

    public record Job(UUID id, String source, String formType, String status, String fileName, String encoding,
            String delimiter, int rowsRead, int accepted, int rejected, int duplicates, String failure,
            Instant createdAt, Instant finishedAt, Instant cancelledAt, int withdrawn) {
    }

    public record RowError(int line, String reason) {
    }

    public Uni<Void> create(UUID id, String source, String formType, String fileName, String encoding,
            String delimiter, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into import_job (id, source, form_type, status, file_name, encoding, delimiter, created_at, "
                        + "updated_at) values (:id, :source, :formType, 'RUNNING', :fileName, :encoding, :delimiter, "
                        + ":now, :now)")
                .setParameter("id", id).setParameter("source", source).setParameter("formType", formType)
                .setParameter("fileName", fileName).setParameter("encoding", encoding)
                .setParameter("delimiter", delimiter).setParameter("now", SqlValues.at(now))
                .executeUpdate()).replaceWithVoid();
    }

    /** Thrown inside a batch's transaction when its import was cancelled meanwhile: the batch rolls back. */
    public static class Cancelled extends RuntimeException {
        public Cancelled(UUID id) {
            super("import " + id + " was cancelled");
        }
    }

    /**
     * Adds a batch's counts, the leads it created and the rejected rows to keep (the caller keeps at most
     * {@link #MAX_STORED_ERRORS}); fails with {@link Cancelled} when the import was cancelled, so the batch's
     * transaction stores nothing. The update waits for a cancellation committing at the same moment (its row lock).
     */
    public Uni<Void> progress(UUID id, int rowsRead, int accepted, int rejected, int duplicates,
            List<UUID> createdLeads, List<RowError> errors, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "update import_job set rows_read = rows_read + :rowsRead, accepted = accepted + :accepted, "
                        + "rejected = rejected + :rejected, duplicates = duplicates + :duplicates, updated_at = :now "
                        + "where id = :id returning status", String.class)
                .setParameter("rowsRead", rowsRead).setParameter("accepted", accepted)
                .setParameter("rejected", rejected).setParameter("duplicates", duplicates)
                .setParameter("now", SqlValues.at(now)).setParameter("id", id)
                .getSingleResult()
                .invoke(status -> {
                    if (CANCELLED.equals(status)) {
                        throw new Cancelled(id);
                    }
                })
                .chain(() -> createdLeads.isEmpty() ? Uni.createFrom().voidItem() : session.createNativeQuery(
                        "insert into import_lead (import_id, lead_id) select :id, lead "
                                + "from unnest(cast(:leads as uuid[])) as leads(lead) on conflict do nothing")
                        .setParameter("id", id).setParameter("leads", createdLeads.toArray(UUID[]::new))
                        .executeUpdate().replaceWithVoid())
                .chain(() -> storeErrors(session, id, errors)))
                .replaceWithVoid();
    }

    private Uni<Void> storeErrors(org.hibernate.reactive.mutiny.Mutiny.Session session, UUID id,
            List<RowError> errors) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (RowError error : errors) {
            chain = chain.chain(() -> session.createNativeQuery(
                    "insert into import_row_error (import_id, line, reason) values (:id, :line, :reason) "
                            + "on conflict do nothing")
                    .setParameter("id", id).setParameter("line", error.line())
                    .setParameter("reason", error.reason().length() > 2000 ? error.reason().substring(0, 2000)
                            : error.reason())
                    .executeUpdate().replaceWithVoid());
        }
        return chain;
    }

    public Uni<Void> finish(UUID id, String status, String failure, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "update import_job set status = :status, failure = :failure, finished_at = :now, updated_at = :now "
                        + "where id = :id and status <> 'CANCELLED'")
                .setParameter("status", status).setParameter("failure", failure).setParameter("now", SqlValues.at(now))
                .setParameter("id", id)
                .executeUpdate()).replaceWithVoid();
    }

    /** How far an import's leads have gone past intake, as the pipeline's events told it. */
    public record Downstream(int scored, int hot, int warm, int cold, int routed, int enrolled, Instant firstScoredAt,
            Instant lastScoredAt) {
    }

    /** Records the first score of each imported lead among these (leads of no import are ignored). */
    public Uni<Void> scored(List<UUID> leads, List<String> temperatures, List<Instant> at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "update import_lead il set scored_at = s.at, temperature = s.temperature "
                        + "from (select distinct on (lead) lead, temperature, at from unnest(cast(:leads as uuid[]), "
                        + "cast(:temperatures as varchar[]), cast(cast(:at as varchar[]) as timestamptz[])) "
                        + "as s(lead, temperature, at) "
                        + "order by lead, at) s where il.lead_id = s.lead and il.scored_at is null")
                .setParameter("leads", leads.toArray(UUID[]::new))
                .setParameter("temperatures", temperatures.toArray(String[]::new))
                .setParameter("at", isoTimes(at))
                .executeUpdate()).replaceWithVoid();
    }

    /** Records the first time each of these imported leads was routed to a rep ({@code routed_at}). */
    public Uni<Void> routed(List<UUID> leads, List<Instant> at) {
        return firstTime("routed_at", leads, at);
    }

    /** Records the first time each of these imported leads was enrolled in a sequence ({@code enrolled_at}). */
    public Uni<Void> enrolled(List<UUID> leads, List<Instant> at) {
        return firstTime("enrolled_at", leads, at);
    }

    private Uni<Void> firstTime(String column, List<UUID> leads, List<Instant> at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "update import_lead il set " + column + " = s.at from (select lead, min(at) as at "
                        + "from unnest(cast(:leads as uuid[]), cast(cast(:at as varchar[]) as timestamptz[])) "
                        + "as s(lead, at) "
                        + "group by lead) s where il.lead_id = s.lead and il." + column + " is null")
                .setParameter("leads", leads.toArray(UUID[]::new))
                .setParameter("at", isoTimes(at))
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Downstream> downstream(UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select count(scored_at), count(*) filter (where temperature = 'HOT'), "
                        + "count(*) filter (where temperature = 'WARM'), count(*) filter (where temperature = 'COLD'), "
                        + "count(routed_at), count(enrolled_at), min(scored_at), max(scored_at) "
                        + "from import_lead where import_id = :id", Object[].class)
                .setParameter("id", id)
                .getSingleResult())
                .map(row -> new Downstream(number(row[0]), number(row[1]), number(row[2]), number(row[3]),
                        number(row[4]), number(row[5]), instant(row[6]), instant(row[7])));
    }

    /** What a cancellation did: the import's status before it, and the leads withdrawn from the outbox. */
    public record Cancellation(String previousStatus, int withdrawn) {
    }

    /**
     * Cancels an import, or answers null for an unknown one. A running import stores no batch after this commits
     * (its next batch sees the status and rolls back), and the import's events still in the outbox are withdrawn:
     * deleted before the relay sends them (this takes the relay's lock, so a pass in progress finishes first), with
     * the people they would have created, who were never seen anywhere else. A later upload of the same file imports
     * them again. Leads whose event already left intake go on through the pipeline. Nothing changes when the import
     * had ended with nothing left to withdraw ({@code withdrawn} 0, status not cancelled). Must run in a transaction.
     */
    public Uni<Cancellation> cancel(UUID id, Instant now) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select count(*) from (select pg_advisory_xact_lock(:key)) locked", Long.class)
                .setParameter("key", Outbox.RELAY_LOCK)
                .getSingleResult()
                .chain(() -> session.createNativeQuery("select status from import_job where id = :id for update",
                        String.class).setParameter("id", id).getSingleResultOrNull())
                .chain(status -> {
                    if (status == null) {
                        return Uni.createFrom().nullItem();
                    }
                    if (CANCELLED.equals(status)) {
                        return Uni.createFrom().item(new Cancellation(status, 0));
                    }
                    return session.createNativeQuery(WITHDRAW, Long.class).setParameter("id", id).getSingleResult()
                            .chain(withdrawn -> !"RUNNING".equals(status) && withdrawn == 0
                                    ? Uni.createFrom().item(new Cancellation(status, 0))
                                    : markCancelled(session, id, withdrawn.intValue(), now)
                                            .replaceWith(new Cancellation(status, withdrawn.intValue())));
                }));
    }

    private static Uni<Integer> markCancelled(org.hibernate.reactive.mutiny.Mutiny.Session session, UUID id,
            int withdrawn, Instant now) {
        return session.createNativeQuery("update import_job set status = :cancelled, cancelled_at = :now, "
                + "finished_at = coalesce(finished_at, :now), withdrawn = :withdrawn, updated_at = :now where id = :id")
                .setParameter("cancelled", CANCELLED).setParameter("now", SqlValues.at(now))
                .setParameter("withdrawn", withdrawn).setParameter("id", id)
                .executeUpdate();
    }

    public Uni<Job> find(UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select id, source, form_type, status, file_name, encoding, delimiter, rows_read, accepted, rejected, "
                        + "duplicates, failure, created_at, finished_at, cancelled_at, withdrawn from import_job "
                        + "where id = :id",
                Object[].class)
                .setParameter("id", id)
                .getSingleResultOrNull())
                .map(row -> row == null ? null : new Job((UUID) row[0], (String) row[1], (String) row[2],
                        (String) row[3], (String) row[4], (String) row[5], (String) row[6], number(row[7]),
                        number(row[8]), number(row[9]), number(row[10]), (String) row[11], instant(row[12]),
                        instant(row[13]), instant(row[14]), number(row[15])));
    }

    public Uni<List<RowError>> errors(UUID id, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select line, reason from import_row_error where import_id = :id order by line limit :limit",
                Object[].class)
                .setParameter("id", id).setParameter("limit", limit)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new RowError(number(row[0]), (String) row[1])).toList());
    }

    /** Times as ISO-8601 text: the PostgreSQL client encodes no array of timestamps Hibernate hands it. */
    private static String[] isoTimes(List<Instant> times) {
        return times.stream().map(Instant::toString).toArray(String[]::new);
    }

    private static int number(Object value) {
        return ((Number) value).intValue();
    }

    private static Instant instant(Object value) {
        return SqlValues.instant(value);
    }
}
