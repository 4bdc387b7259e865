package io.leadflow.support.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.leadflow.events.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Reads a service's rows about some leads as plain JSON values for an export part: every column, by its name, as
 * PostgreSQL's {@code to_jsonb} writes it (timestamps in ISO 8601). Columns that hold JSON as text (a lead snapshot,
 * enrichment) are read back into objects, so the export is one readable document rather than quoted JSON.
 */
public final class ExportRows {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private ExportRows() {
    }

    /**
     * The rows {@code sql} selects: one text column, {@code cast(to_jsonb(t) as text)}, with the parameter
     * {@code :leads} (a {@code uuid[]}: write {@code lead_id = any(cast(:leads as uuid[]))}) and, when present,
     * {@code :hash} (the email's SHA-256). Runs in the caller's session.
     */
    public static Uni<List<Map<String, Object>>> read(String sql, List<UUID> leadIds, String emailSha256,
            Set<String> jsonTextColumns) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, String.class)
                    .setParameter("leads", leadIds.toArray(UUID[]::new));
            if (sql.contains(":hash")) {
                query.setParameter("hash", emailSha256 == null ? "" : emailSha256);
            }
            return query.getResultList();
        }).map(rows -> {
            List<Map<String, Object>> read = new ArrayList<>(rows.size());
            for (String row : rows) {
                Map<String, Object> columns = parse(row);
                for (String column : jsonTextColumns) {
                    if (columns.get(column) instanceof String text) {
                        columns.put(column, parseOrText(text));
                    }
                }
                read.add(columns);
            }
            return read;
        });
    }

    private static Map<String, Object> parse(String json) {
        try {
            return EventJson.mapper().readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL wrote JSON that does not parse", e);
        }
    }

    private static Object parseOrText(String text) {
        try {
            return EventJson.mapper().readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    /** A part's sections in the order given: {@code "name", value, "name", value, ...}. */
    public static Map<String, Object> part(Object... namesAndValues) {
        Map<String, Object> part = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            part.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return part;
    }
}
