package io.leadflow.support.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.leadflow.events.EventJson;
import io.leadflow.events.ExportContributed;

/** A part always fits in one Kafka record: a part over the limit goes out as a note that says so. */
class ExportRequestsTest {

    @Test
    void aPartUnderTheLimitGoesOutUnchanged() {
        Map<String, Object> data = Map.of("scores", List.of(Map.of("grade", "A1")));

        assertThat(ExportRequests.bounded(UUID.randomUUID(), "scoring-service", data)).isSameAs(data);
    }

    @Test
    void aPartOverTheLimitBecomesANoteNamingItsSectionsAndTheRecordStaysUnderOneMebibyte() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            rows.add("x".repeat(1_000));
        }
        Map<String, Object> data = Map.of("touches", rows);

        Map<String, Object> sent = ExportRequests.bounded(UUID.randomUUID(), "nurturing-service", data);

        assertThat(sent).containsEntry("truncated", true).containsEntry("sections", List.of("touches"));
        String record = EventJson.write(new ExportContributed(UUID.randomUUID(), "nurturing-service", null, sent));
        assertThat(record.getBytes(StandardCharsets.UTF_8).length).isLessThan(ExportRequests.MAX_PART_BYTES);
    }
}
