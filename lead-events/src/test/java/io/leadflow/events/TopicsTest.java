package io.leadflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void allListsEveryTopicConstantOnce() throws IllegalAccessException {
        List<String> constants = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.add((String) field.get(null));
            }
        }
        assertThat(Topics.ALL).containsExactlyInAnyOrderElementsOf(constants).doesNotHaveDuplicates();
    }

    @Test
    void onlyReceivedAndScoredEventsHaveABulkTopicAndItsRecordsReadAsBulk() {
        assertThat(Lane.BULK.topic(EventType.LEAD_RECEIVED)).isEqualTo(Topics.RECEIVED_BULK);
        assertThat(Lane.BULK.topic(EventType.LEAD_SCORED)).isEqualTo(Topics.SCORED_BULK);
        assertThat(Lane.BULK.topic(EventType.LEAD_ASSIGNMENT)).isEqualTo(Topics.ASSIGNED);
        for (EventType type : EventType.values()) {
            assertThat(Lane.LIVE.topic(type)).isEqualTo(type.topic());
            assertThat(Lane.ofTopic(Lane.BULK.topic(type)))
                    .isEqualTo(type == EventType.LEAD_RECEIVED || type == EventType.LEAD_SCORED ? Lane.BULK : Lane.LIVE);
        }
    }
}
