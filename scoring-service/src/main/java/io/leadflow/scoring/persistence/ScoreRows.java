package io.leadflow.scoring.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.events.Enrichment;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;
import io.leadflow.scoring.domain.Firmographics;
import io.leadflow.scoring.domain.ScoringBatch.Change;
import io.leadflow.scoring.domain.ScoringBatch.Known;
import io.leadflow.scoring.domain.ScoringBatch.Outcome;
import io.leadflow.scoring.domain.ScoringBatch.Row;
import io.leadflow.scoring.domain.ScoringBatch.Score;
import io.leadflow.support.persistence.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A batch's scores read and written with a few statements whatever its size, inside the caller's transaction: one
 * query per table read (scores, contributions, companies), one statement per table written.
 */
@ApplicationScoped
public class ScoreRows {

    private static final String SCORES = "select lead_id, fit_score, engagement_score, score, grade, temperature, "
            + "stage, rule_set_version, lead_snapshot, enrichment, answers, sales_accepted_at, received_at, scored_at "
            + "from lead_score where lead_id = any(cast(:leads as uuid[]))";

    /** A lead's contributions in the order they happened (ids come in blocks per instance, not in time order). */
    private static final String CONTRIBUTIONS = "select lead_id, rule, category, points, reason, event_id, "
            + "occurred_at, created_at, rule_set_version from score_contribution "
            + "where lead_id = any(cast(:leads as uuid[])) order by lead_id, occurred_at, created_at, id";

    private static final String COMPANIES = "select domain, name, industry, employees, annual_revenue, country, "
            + "funding_stage, funded_on, recent_news from firmographic where domain = any(cast(:domains as varchar[]))";

    // Ids from the pooled sequence Hibernate allocates from too: each nextval is a block of its own, never shared.
    private static final String ADD_CONTRIBUTIONS = "insert into score_contribution (id, lead_id, rule, category, "
            + "points, reason, event_id, occurred_at, created_at, rule_set_version) "
            + "select nextval('score_contribution_seq'), * from unnest(cast(:leads as uuid[]), "
            + "cast(:rules as varchar[]), cast(:categories as varchar[]), cast(:points as integer[]), "
            + "cast(:reasons as varchar[]), cast(:events as varchar[]), "
            + "cast(cast(:occurredAt as varchar[]) as timestamptz[]), cast(cast(:createdAt as varchar[]) as timestamptz[]), "
            + "cast(:versions as varchar[]))";

    private static final String KEEP_SCORES = "insert into lead_score (lead_id, fit_score, engagement_score, score, "
            + "grade, temperature, stage, rule_set_version, lead_snapshot, enrichment, answers, sales_accepted_at, "
            + "received_at, scored_at) "
            + "select * from unnest(cast(:leads as uuid[]), cast(:fits as integer[]), cast(:engagements as integer[]), "
            + "cast(:scores as integer[]), cast(:grades as varchar[]), cast(:temperatures as varchar[]), "
            + "cast(:stages as varchar[]), cast(:versions as varchar[]), cast(:snapshots as text[]), "
            + "cast(:enrichments as text[]), cast(:answers as text[]), "
            + "cast(cast(:acceptedAt as varchar[]) as timestamptz[]), cast(cast(:receivedAt as varchar[]) as timestamptz[]), "
            + "cast(cast(:scoredAt as varchar[]) as timestamptz[])) "
            + "on conflict (lead_id) do update set fit_score = excluded.fit_score, "
            + "engagement_score = excluded.engagement_score, score = excluded.score, grade = excluded.grade, "
            + "temperature = excluded.temperature, stage = excluded.stage, "
            + "rule_set_version = excluded.rule_set_version, lead_snapshot = excluded.lead_snapshot, "
            + "enrichment = excluded.enrichment, answers = excluded.answers, "
            + "sales_accepted_at = excluded.sales_accepted_at, received_at = excluded.received_at, "
            + "scored_at = excluded.scored_at";

    private static final String ADD_CHANGES = "insert into score_change (lead_id, event_id, changed_at, score_before, "
            + "score_after, temperature_before, temperature_after, grade_after, stage_after) "
            + "select * from unnest(cast(:leads as uuid[]), cast(:events as varchar[]), "
            + "cast(cast(:changedAt as varchar[]) as timestamptz[]), cast(:before as integer[]), "
            + "cast(:after as integer[]), cast(:temperaturesBefore as varchar[]), "
            + "cast(:temperaturesAfter as varchar[]), cast(:grades as varchar[]), cast(:stages as varchar[]))";

    /** What is stored of these leads; a lead scoring has never heard of is missing from the map. */
    public Uni<Map<UUID, Known>> known(Collection<UUID> leadIds) {
        UUID[] leads = leadIds.toArray(UUID[]::new);
        return Panache.getSession().chain(session -> session.createNativeQuery(SCORES, Object[].class)
                .setParameter("leads", leads).getResultList()
                .chain(scores -> session.createNativeQuery(CONTRIBUTIONS, Object[].class)
                        .setParameter("leads", leads).getResultList()
                        .map(rows -> known(scores, rows))));
    }

    private static Map<UUID, Known> known(List<Object[]> scores, List<Object[]> rows) {
        Map<UUID, Score> byLead = new HashMap<>();
        for (Object[] s : scores) {
            UUID leadId = (UUID) s[0];
            byLead.put(leadId, new Score(leadId, (Integer) s[1], (Integer) s[2], (Integer) s[3], (String) s[4],
                    Temperature.valueOf((String) s[5]), Stage.valueOf((String) s[6]), (String) s[7],
                    EventJson.read((String) s[8], LeadProfile.class),
                    s[9] == null ? null : EventJson.read((String) s[9], Enrichment.class), (String) s[10],
                    SqlValues.instant(s[11]), SqlValues.instant(s[12]), SqlValues.instant(s[13])));
        }
        Map<UUID, List<Row>> rowsByLead = new HashMap<>();
        for (Object[] r : rows) {
            UUID leadId = (UUID) r[0];
            rowsByLead.computeIfAbsent(leadId, id -> new ArrayList<>()).add(new Row(leadId, (String) r[1],
                    (String) r[2], (Integer) r[3], (String) r[4], (String) r[5], SqlValues.instant(r[6]),
                    SqlValues.instant(r[7]), (String) r[8]));
        }
        Map<UUID, Known> known = new HashMap<>();
        byLead.forEach((leadId, score) -> known.put(leadId, new Known(score, rowsByLead.getOrDefault(leadId,
                List.of()))));
        rowsByLead.forEach((leadId, leadRows) -> known.putIfAbsent(leadId, new Known(null, leadRows)));
        return known;
    }

    /** The firmographics the reference table holds for these domains, by domain. */
    public Uni<Map<String, Firmographics>> companies(Collection<String> domains) {
        if (domains.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(COMPANIES, Object[].class)
                .setParameter("domains", domains.toArray(String[]::new)).getResultList())
                .map(rows -> {
                    Map<String, Firmographics> companies = new HashMap<>();
                    for (Object[] c : rows) {
                        companies.put((String) c[0], new Firmographics((String) c[0], (String) c[1], (String) c[2],
                                (Integer) c[3], c[4] == null ? null : ((Number) c[4]).longValue(), (String) c[5],
                                (String) c[6], (java.time.LocalDate) c[7], Boolean.TRUE.equals(c[8]), "reference"));
                    }
                    return companies;
                });
    }

    /** Stores what the batch changed: new contributions, each changed lead's score, the history. */
    public Uni<Void> store(Outcome outcome) {
        return addContributions(outcome.newRows())
                .chain(() -> keepScores(outcome.scores()))
                .chain(() -> addChanges(outcome.changes()));
    }

    private static Uni<Void> addContributions(List<Row> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(ADD_CONTRIBUTIONS)
                .setParameter("leads", rows.stream().map(Row::leadId).toArray(UUID[]::new))
                .setParameter("rules", SqlValues.texts(rows, Row::rule))
                .setParameter("categories", SqlValues.texts(rows, Row::category))
                .setParameter("points", rows.stream().map(Row::points).toArray(Integer[]::new))
                .setParameter("reasons", SqlValues.texts(rows, Row::reason))
                .setParameter("events", SqlValues.texts(rows, Row::eventId))
                .setParameter("occurredAt", SqlValues.times(rows, Row::occurredAt))
                .setParameter("createdAt", SqlValues.times(rows, Row::createdAt))
                .setParameter("versions", SqlValues.texts(rows, Row::ruleSetVersion))
                .executeUpdate())
                .replaceWithVoid();
    }

    private static Uni<Void> keepScores(List<Score> scores) {
        if (scores.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(KEEP_SCORES)
                .setParameter("leads", scores.stream().map(Score::leadId).toArray(UUID[]::new))
                .setParameter("fits", scores.stream().map(Score::fitScore).toArray(Integer[]::new))
                .setParameter("engagements", scores.stream().map(Score::engagementScore).toArray(Integer[]::new))
                .setParameter("scores", scores.stream().map(Score::score).toArray(Integer[]::new))
                .setParameter("grades", SqlValues.texts(scores, Score::grade))
                .setParameter("temperatures", SqlValues.texts(scores, s -> s.temperature().name()))
                .setParameter("stages", SqlValues.texts(scores, s -> s.stage().name()))
                .setParameter("versions", SqlValues.texts(scores, Score::ruleSetVersion))
                .setParameter("snapshots", SqlValues.texts(scores, s -> EventJson.write(s.lead())))
                .setParameter("enrichments", SqlValues.texts(scores, s -> s.enrichment() == null ? null
                        : EventJson.write(s.enrichment())))
                .setParameter("answers", SqlValues.texts(scores, Score::answers))
                .setParameter("acceptedAt", SqlValues.times(scores, Score::salesAcceptedAt))
                .setParameter("receivedAt", SqlValues.times(scores, Score::receivedAt))
                .setParameter("scoredAt", SqlValues.times(scores, Score::scoredAt))
                .executeUpdate())
                .replaceWithVoid();
    }

    private static Uni<Void> addChanges(List<Change> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(ADD_CHANGES)
                .setParameter("leads", changes.stream().map(Change::leadId).toArray(UUID[]::new))
                .setParameter("events", SqlValues.texts(changes, Change::eventId))
                .setParameter("changedAt", SqlValues.times(changes, Change::changedAt))
                .setParameter("before", changes.stream().map(Change::scoreBefore).toArray(Integer[]::new))
                .setParameter("after", changes.stream().map(Change::scoreAfter).toArray(Integer[]::new))
                .setParameter("temperaturesBefore", SqlValues.texts(changes, Change::temperatureBefore))
                .setParameter("temperaturesAfter", SqlValues.texts(changes, Change::temperatureAfter))
                .setParameter("grades", SqlValues.texts(changes, Change::gradeAfter))
                .setParameter("stages", SqlValues.texts(changes, Change::stageAfter))
                .executeUpdate())
                .replaceWithVoid();
    }
}
