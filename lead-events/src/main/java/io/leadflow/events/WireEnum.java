package io.leadflow.events;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.Serializers;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

/**
 * Enums travel as their lower-case names ({@code quote_request}, {@code hot}); this reads them back.
 *
 * <p>Every enum that travels on a topic ends with {@code UNKNOWN}: what {@link EventJson} reads for a value this
 * version does not know (a newer producer's, during a rolling deploy), so a consumer can ignore it instead of
 * dead-lettering the event. {@code UNKNOWN} is never written to a topic and never accepted by {@link #parse}, which
 * APIs and configuration use.
 */
final class WireEnum {

    static final String UNKNOWN = "UNKNOWN";

    private WireEnum() {
    }

    static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Strict: a value this version does not know, {@code unknown} included, is an IllegalArgumentException. */
    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        E known = known(type, value);
        if (known == null) {
            // No cause attached: Jackson reports the innermost message, and this one names the value.
            throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + value + "'");
        }
        return known;
    }

    private static <E extends Enum<E>> E known(Class<E> type, String value) {
        String name = value.trim().toUpperCase(Locale.ROOT);
        if (name.equals(UNKNOWN)) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The {@code UNKNOWN} constant of an enum of this package, or null for a type without one. */
    static Enum<?> unknownOf(Class<?> type) {
        if (!type.isEnum() || !type.getPackageName().equals(WireEnum.class.getPackageName())) {
            return null;
        }
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(UNKNOWN)) {
                return (Enum<?>) constant;
            }
        }
        return null;
    }

    /** EventJson's reading and writing of these enums: tolerant readers, writers that refuse {@code UNKNOWN}. */
    static SimpleModule module() {
        return new SimpleModule("leadflow-wire-enums") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addDeserializers(new Deserializers.Base() {
                    @Override
                    public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config,
                            BeanDescription description) {
                        return unknownOf(type) == null ? null : new TolerantReader(type);
                    }
                });
                context.addSerializers(new Serializers.Base() {
                    @Override
                    public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type,
                            BeanDescription description) {
                        return unknownOf(type.getRawClass()) == null ? null : new KnownOnlyWriter();
                    }
                });
            }
        };
    }

    /** Reads a string this version does not know as the enum's {@code UNKNOWN}; anything but a string is malformed. */
    private static final class TolerantReader extends StdScalarDeserializer<Enum<?>> {

        private final Enum<?> unknown;

        TolerantReader(Class<?> type) {
            super(type);
            this.unknown = unknownOf(type);
        }

        @Override
        @SuppressWarnings({ "unchecked", "rawtypes" })
        public Enum<?> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Enum<?>) context.handleUnexpectedToken(handledType(), parser);
            }
            Enum<?> known = known((Class) handledType(), parser.getText());
            return known != null ? known : unknown;
        }
    }

    /** Writes known values as {@link #wire}; {@code UNKNOWN} only ever comes from reading, so writing it is a bug. */
    private static final class KnownOnlyWriter extends StdScalarSerializer<Enum<?>> {

        @SuppressWarnings({ "unchecked", "rawtypes" })
        KnownOnlyWriter() {
            super((Class) Enum.class);
        }

        @Override
        public void serialize(Enum<?> value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (value.name().equals(UNKNOWN)) {
                throw JsonMappingException.from(generator, value.getDeclaringClass().getSimpleName()
                        + ".UNKNOWN stands for a value read from a newer producer and is never written");
            }
            generator.writeString(wire(value));
        }
    }
}
