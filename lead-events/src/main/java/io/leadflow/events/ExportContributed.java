package io.leadflow.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * {@code lead.export.contributed.v1}: one service's part of an export, what it holds of the person as plain JSON
 * (objects, lists, strings, numbers, booleans). Bounded: each service caps its lists, so one record stays well under
 * the producer's {@code max.request.size}.
 */
public record ExportContributed(UUID exportId, String service, Instant contributedAt, Map<String, Object> data) {
}
