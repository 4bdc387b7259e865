package io.leadflow.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code lead.export.requested.v1}: a person asked for a copy of their data (GDPR Art. 15/20). Like an erasure
 * request, only the lead ids intake knows for the person and a hash of the email travel, never the email.
 */
public record ExportRequested(UUID exportId, List<UUID> leadIds, String emailSha256, Instant requestedAt) {
}
