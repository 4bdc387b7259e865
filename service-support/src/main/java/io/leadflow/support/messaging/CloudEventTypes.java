package io.leadflow.support.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The {@code ce_type} of a consumed record, for topics that carry several event types ({@code leads.privacy}: erasure
 * requests and confirmations), so a consumer reads only the type it handles and acknowledges the rest.
 */
public final class CloudEventTypes {

    private CloudEventTypes() {
    }

    @SuppressWarnings("unchecked")
    public static Optional<String> of(Message<?> message) {
        Optional<String> parsed = message.getMetadata(IncomingCloudEventMetadata.class)
                .map(m -> ((IncomingCloudEventMetadata<Object>) m).getType());
        if (parsed.isPresent()) {
            return parsed;
        }
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> ((IncomingKafkaRecordMetadata<Object, Object>) m).getHeaders().lastHeader("ce_type"))
                .map(Header::value)
                .map(value -> new String(value, StandardCharsets.UTF_8));
    }

    /** Whether the record is of this type ({@code lead.erasure.requested.v1}). */
    public static boolean is(Message<?> message, String ceType) {
        return of(message).filter(ceType::equals).isPresent();
    }
}
