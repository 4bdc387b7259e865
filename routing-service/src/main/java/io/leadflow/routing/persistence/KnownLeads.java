package io.leadflow.routing.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.events.EventJson;
import io.leadflow.events.LeadScored;
import io.leadflow.routing.domain.LeadFacts;
import io.leadflow.routing.domain.LeadSummary;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The latest snapshot of every scored lead, hot or not: who a nurturing task is about. */
@ApplicationScoped
public class KnownLeads {

    /** A known lead as a task shows it. */
    public record Known(LeadSummary summary, String domain, int score, String grade, String temperature) {
    }

    // A score older than the one kept (it came late, in the other lane) changes nothing: no row, 0 returned.
    private static final String UPSERT = "insert into known_lead (lead_id, lead_summary, domain, score, grade, "
            + "temperature, updated_at, scored_at) "
            + "values (:lead, :summary, :domain, :score, :grade, :temperature, :at, :scoredAt) "
            + "on conflict (lead_id) do update set lead_summary = excluded.lead_summary, domain = excluded.domain, "
            + "score = excluded.score, grade = excluded.grade, temperature = excluded.temperature, "
            + "updated_at = excluded.updated_at, scored_at = excluded.scored_at "
            + "where known_lead.scored_at is null or excluded.scored_at is null "
            + "or excluded.scored_at >= known_lead.scored_at";

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
