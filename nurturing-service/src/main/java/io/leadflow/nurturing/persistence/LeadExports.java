package io.leadflow.nurturing.persistence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.events.ExportRequested;
import io.leadflow.support.privacy.ExportRows;
import io.smallrye.mutiny.Uni;

/**
 * Nurturing's part of a person's export: the lead as nurturing knows it, the latest {@value #MAX_ROWS} enrollments
 * and touches (sent, scheduled, cancelled; a part is one Kafka record), a pending release, and the suppression list
 * entries, by lead id or by the hash of the address: an unsubscribe, a bounce or a refusal and when. Unsubscribes are
 * recorded here, not in intake's consent records, so this is where an export shows them. A lead nurturing never saw
 * yields empty lists; an erased one only its {@code erased} suppression entry (hash, time).
 */
@ApplicationScoped
public class LeadExports {

    static final int MAX_ROWS = 200;

    private static final String LEADS = "lead_id = any(cast(:leads as uuid[]))";

    public Uni<Map<String, Object>> contribute(ExportRequested request) {
        List<UUID> leads = request.leadIds();
        String hash = request.emailSha256();
        Map<String, Object> part = new LinkedHashMap<>();
        // One query after the other: they share the consumer's session.
        return rows("select cast(to_jsonb(t) as text) from nurture_lead t where " + LEADS, leads, hash)
                .invoke(rows -> part.put("leads", rows))
                .chain(() -> rows("select cast(to_jsonb(r) as text) from (select * from enrollment where " + LEADS
                        + " order by enrolled_at desc, id desc limit " + MAX_ROWS + ") r order by enrolled_at, id",
                        leads, hash))
                .invoke(rows -> part.put("enrollments", rows))
                .chain(() -> rows("select cast(to_jsonb(r) as text) from (select t.* from scheduled_touch t "
                        + "join enrollment e on e.id = t.enrollment_id where e." + LEADS
                        + " order by t.due_at desc, t.id desc limit " + MAX_ROWS + ") r order by due_at, id",
                        leads, hash))
                .invoke(rows -> part.put("touches", rows))
                .chain(() -> rows("select cast(to_jsonb(t) as text) from pending_release t where " + LEADS, leads,
                        hash))
                .invoke(rows -> part.put("pendingReleases", rows))
                .chain(() -> rows("select cast(to_jsonb(t) as text) from suppression t where " + LEADS
                        + " or email_sha256 = :hash order by created_at", leads, hash))
                .invoke(rows -> part.put("suppressions", rows))
                .map(ignored -> {
                    part.put("limit", MAX_ROWS);
                    return part;
                });
    }

    private static Uni<List<Map<String, Object>>> rows(String sql, List<UUID> leads, String hash) {
        return ExportRows.read(sql, leads, hash, Set.of());
    }
}
