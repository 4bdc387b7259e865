package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON form of every event. Readers are tolerant, so a producer can add a field or an enum value without breaking
 * older consumers (a rolling deploy): they ignore properties they do not know and read an enum value they do not know
 * as that enum's {@code UNKNOWN}, which is never written. Absent values are left out.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(WireEnum.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private EventJson() {
    }

    public static String write(Object event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads one event; a malformed or incomplete value fails with {@link MalformedEventException}. */
    public static <T> T read(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException("empty value where a " + type.getSimpleName() + " was expected", null);
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            // No cause: the dead-letter queue writes the cause's message (Jackson's, quoting the input) in a header.
            throw new MalformedEventException("not a valid " + type.getSimpleName() + where(e) + " ("
                    + e.getClass().getSimpleName() + ")", null);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("not a valid " + type.getSimpleName() + " ("
                    + e.getClass().getSimpleName() + ")", null);
        }
    }

    /**
     * Where a value is wrong (the field path, or line and column), never the value: Jackson's own messages quote the
     * input, which carries personal data, and the message ends up in logs and dead-letter headers.
     */
    private static String where(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder(" at ");
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference reference : mapping.getPath()) {
                path.append(reference.getFieldName() != null ? "/" + reference.getFieldName()
                        : "/" + reference.getIndex());
            }
            return path.toString();
        }
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
