package io.leadflow.intake.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Import jobs and their rejected rows. */
@ApplicationScoped
public class ImportJobs {

    public static final int MAX_STORED_ERRORS = 10_000;

    public record Job(UUID id, String source, String formType, String status, String fileName, String encoding,
            String delimiter, int rowsRead, int accepted, int rejected, int duplicates, String failure,
            Instant createdAt, Instant finishedAt) {
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
                .setParameter("delimiter", delimiter).setParameter("now", at(now))
                .executeUpdate()).replaceWithVoid();
    }

    /** Adds a batch's counts and the rejected rows to keep (the caller keeps at most {@link #MAX_STORED_ERRORS}). */
    public Uni<Void> progress(UUID id, int rowsRead, int accepted, int rejected, int duplicates,
            List<RowError> errors, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "update import_job set rows_read = rows_read + :rowsRead, accepted = accepted + :accepted, "
                        + "rejected = rejected + :rejected, duplicates = duplicates + :duplicates, updated_at = :now "
                        + "where id = :id")
                .setParameter("rowsRead", rowsRead).setParameter("accepted", accepted)
                .setParameter("rejected", rejected).setParameter("duplicates", duplicates)
                .setParameter("now", at(now)).setParameter("id", id)
                .executeUpdate()
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
                        + "where id = :id")
                .setParameter("status", status).setParameter("failure", failure).setParameter("now", at(now))
                .setParameter("id", id)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Job> find(UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select id, source, form_type, status, file_name, encoding, delimiter, rows_read, accepted, rejected, "
                        + "duplicates, failure, created_at, finished_at from import_job where id = :id", Object[].class)
                .setParameter("id", id)
                .getSingleResultOrNull())
                .map(row -> row == null ? null : new Job((UUID) row[0], (String) row[1], (String) row[2],
                        (String) row[3], (String) row[4], (String) row[5], (String) row[6], number(row[7]),
                        number(row[8]), number(row[9]), number(row[10]), (String) row[11], instant(row[12]),
                        instant(row[13])));
    }

    public Uni<List<RowError>> errors(UUID id, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select line, reason from import_row_error where import_id = :id order by line limit :limit",
                Object[].class)
                .setParameter("id", id).setParameter("limit", limit)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new RowError(number(row[0]), (String) row[1])).toList());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static int number(Object value) {
        return ((Number) value).intValue();
    }

    private static Instant instant(Object value) {
        return SqlValues.instant(value);
    }
}
