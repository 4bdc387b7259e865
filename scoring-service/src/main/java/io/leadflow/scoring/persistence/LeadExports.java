package io.leadflow.scoring.persistence;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.events.ExportRequested;
import io.leadflow.support.privacy.ExportRows;
import io.smallrye.mutiny.Uni;

/**
 * Scoring's part of a person's export: the score with the lead snapshot, enrichment and answers it was computed
 * from, the latest {@value #MAX_ROWS} score changes and contributions (a part is one Kafka record), and whether the
 * lead was erased. A lead scoring never saw or already erased yields empty lists.
 */
@ApplicationScoped
public class LeadExports {

    static final int MAX_ROWS = 200;

    private static final String LEADS = "lead_id = any(cast(:leads as uuid[]))";

    public Uni<Map<String, Object>> contribute(ExportRequested request) {
        List<java.util.UUID> leads = request.leadIds();
        return ExportRows.read("select cast(to_jsonb(s) as text) from lead_score s where " + LEADS, leads, null,
                Set.of("lead_snapshot", "enrichment", "answers"))
                .chain(scores -> latest("score_change", "changed_at", leads)
                        .chain(changes -> latest("score_contribution", "occurred_at", leads)
                                .chain(contributions -> ExportRows.read("select cast(to_jsonb(e) as text) "
                                        + "from erased_lead e where " + LEADS, leads, null, Set.of())
                                        .map(erased -> ExportRows.part("scores", scores,
                                                "scoreChanges", changes, "contributions", contributions,
                                                "limit", MAX_ROWS, "erased", erased)))));
    }

    /** The latest rows of a lead's history, oldest first. */
    private static Uni<List<Map<String, Object>>> latest(String table, String time, List<java.util.UUID> leads) {
        return ExportRows.read("select cast(to_jsonb(r) as text) from (select * from " + table + " where " + LEADS
                + " order by " + time + " desc, id desc limit " + MAX_ROWS + ") r order by " + time + ", id",
                leads, null, Set.of());
    }
}
