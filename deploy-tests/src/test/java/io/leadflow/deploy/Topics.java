package io.leadflow.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** Every topic of {@link io.leadflow.events.Topics} and its dead-letter topic: what a deployment must create. */
final class Topics {

    private Topics() {
    }

    static List<String> main() {
        List<String> topics = new ArrayList<>();
        for (Field field : io.leadflow.events.Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    topics.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        if (topics.isEmpty()) {
            throw new IllegalStateException("no topic constants in io.leadflow.events.Topics");
        }
        return topics;
    }

    static List<String> withDeadLetters() {
        List<String> all = new ArrayList<>();
        for (String topic : main()) {
            all.add(topic);
            all.add(io.leadflow.events.Topics.deadLetter(topic));
        }
        return all;
    }
}
