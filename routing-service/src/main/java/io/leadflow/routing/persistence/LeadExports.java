package io.leadflow.routing.persistence;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.events.ExportRequested;
import io.leadflow.support.privacy.ExportRows;
import io.smallrye.mutiny.Uni;

/**
 * Routing's part of a person's export: the lead as routing knows it (snapshot, routed state with its facts and
 * reasons), its assignments (rep, status, times, reasons typed by reps and managers), the latest {@value #MAX_ROWS}
 * routing decisions and tasks (a part is one Kafka record), and whether the lead was erased. A lead routing never
 * saw yields empty lists; an erased one keeps only what erasure leaves (ids, times, states).
 */
@ApplicationScoped
public class LeadExports {

    static final int MAX_ROWS = 200;

    private static final String LEADS = "lead_id = any(cast(:leads as uuid[]))";
    private static final Set<String> JSON_TEXT = Set.of("lead_summary", "reasons", "facts");

    public Uni<Map<String, Object>> contribute(ExportRequested request) {
        List<UUID> leads = request.leadIds();
        return rows("known_lead", leads)
                .chain(known -> rows("routed_lead", leads)
                        .chain(routed -> latest("assignment", "assigned_at", leads)
                                .chain(assignments -> latest("routing_decision", "decided_at", leads)
                                        .chain(decisions -> latest("rep_task", "created_at", leads)
                                                .chain(tasks -> rows("erased_lead", leads)
                                                        .map(erased -> ExportRows.part("knownLeads", known,
                                                                "routedLeads", routed, "assignments", assignments,
                                                                "decisions", decisions, "tasks", tasks,
                                                                "limit", MAX_ROWS, "erased", erased)))))));
    }

    private static Uni<List<Map<String, Object>>> rows(String table, List<UUID> leads) {
        return ExportRows.read("select cast(to_jsonb(t) as text) from " + table + " t where " + LEADS, leads, null,
                JSON_TEXT);
    }

    /**
     * The latest rows, oldest first. A decision's {@code skipped} (every rep passed over, with their name and why: away,
     * at capacity) is about staff, not the person, and stays out (GDPR Art. 15(4)).
     */
    private static Uni<List<Map<String, Object>>> latest(String table, String time, List<UUID> leads) {
        return ExportRows.read("select cast(to_jsonb(r) - 'skipped' as text) from (select * from " + table + " where "
                + LEADS
                + " order by " + time + " desc, id desc limit " + MAX_ROWS + ") r order by " + time + ", id",
                leads, null, JSON_TEXT);
    }
}
