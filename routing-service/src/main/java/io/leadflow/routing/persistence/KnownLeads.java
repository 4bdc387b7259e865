package io.leadflow.routing.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.events.EventJson;
import io.leadflow.events.LeadScored;
import io.leadflow.routing.domain.LeadFacts;
import io.leadflow.routing.domain.LeadSummary;
import io.leadflow.support.persistence.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The latest snapshot of every scored lead, hot or not: who a nurturing task is about. */
@ApplicationScoped
public class KnownLeads {

    /** A known lead as a task shows it. */
    public record Known(LeadSummary summary, String domain, int score, String grade, String temperature) {
    }

    private static final String KEEP_NEWER = "on conflict (lead_id) do update set lead_summary = excluded.lead_summary, "
            + "domain = excluded.domain, score = excluded.score, grade = excluded.grade, "
            + "temperature = excluded.temperature, updated_at = excluded.updated_at, scored_at = excluded.scored_at "
            + "where known_lead.scored_at is null or excluded.scored_at is null "
            + "or excluded.scored_at >= known_lead.scored_at";

    // A score older than the one kept (it came late, in the other lane) changes nothing: no row, 0 returned.
    private static final String UPSERT = "insert into known_lead (lead_id, lead_summary, domain, score, grade, "
            + "temperature, updated_at, scored_at) "
            + "values (:lead, :summary, :domain, :score, :grade, :temperature, :at, :scoredAt) " + KEEP_NEWER;

    private static final String UPSERT_ALL = "insert into known_lead (lead_id, lead_summary, domain, score, grade, "
            + "temperature, updated_at, scored_at) "
            + "select lead, summary, domain, score, grade, temperature, cast(:at as timestamptz), scored_at "
            + "from unnest(cast(:leads as uuid[]), cast(:summaries as text[]), cast(:domains as varchar[]), "
            + "cast(:scores as integer[]), cast(:grades as varchar[]), cast(:temperatures as varchar[]), "
            + "cast(cast(:scoredAt as varchar[]) as timestamptz[])) "
            + "as s(lead, summary, domain, score, grade, temperature, scored_at) " + KEEP_NEWER;

    /**
     * Keeps the lead's latest snapshot; false when the one kept is newer than this one (a lead's imported score can
     * arrive after its live one: they travel on different topics), which then changes nothing.
     */
    public Uni<Boolean> remember(LeadScored scored, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT)
                .setParameter("lead", scored.leadId())
                .setParameter("summary", EventJson.write(LeadSummary.of(scored)))
                .setParameter("domain", LeadFacts.of(scored).domain())
                .setParameter("score", scored.score())
                .setParameter("grade", scored.grade())
                .setParameter("temperature", scored.temperature().name())
                .setParameter("at", now.atOffset(ZoneOffset.UTC))
                .setParameter("scoredAt", scored.scoredAt() == null ? null
                        : scored.scoredAt().atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .map(rows -> rows > 0);
    }

    /**
     * As {@link #remember} for many leads in one statement, each lead once (a batch's leads that need nothing else):
     * a snapshot older than the one kept changes nothing.
     */
    public Uni<Void> rememberAll(List<LeadScored> scores, Instant now) {
        if (scores.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT_ALL)
                .setParameter("leads", scores.stream().map(LeadScored::leadId).toArray(UUID[]::new))
                .setParameter("summaries", scores.stream().map(s -> EventJson.write(LeadSummary.of(s)))
                        .toArray(String[]::new))
                .setParameter("domains", scores.stream().map(s -> LeadFacts.of(s).domain()).toArray(String[]::new))
                .setParameter("scores", scores.stream().map(LeadScored::score).toArray(Integer[]::new))
                .setParameter("grades", scores.stream().map(LeadScored::grade).toArray(String[]::new))
                .setParameter("temperatures", scores.stream().map(s -> s.temperature().name()).toArray(String[]::new))
                .setParameter("scoredAt", scores.stream().map(s -> s.scoredAt() == null ? null
                        : s.scoredAt().toString()).toArray(String[]::new))
                .setParameter("at", SqlValues.at(now))
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Known> find(UUID leadId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select lead_summary, domain, score, grade, temperature from known_lead where lead_id = :lead",
                Object[].class)
                .setParameter("lead", leadId)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : new Known(EventJson.read((String) rows.get(0)[0],
                        LeadSummary.class), (String) rows.get(0)[1], ((Number) rows.get(0)[2]).intValue(),
                        (String) rows.get(0)[3], (String) rows.get(0)[4]));
    }
}
