package io.leadflow.routing.live;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.leadflow.events.EventJson;
import io.quarkus.websockets.next.OpenConnections;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/** Pushes a message to every open socket and SSE stream of one rep on this instance. */
@ApplicationScoped
public class RepNotifier {

    private static final Logger LOG = Logger.getLogger(RepNotifier.class);

    /** A message and the rep it is for, as the SSE streams of this instance see them. */
    public record Addressed(UUID repId, RepMessage message) {
    }

    private final BroadcastProcessor<Addressed> streams = BroadcastProcessor.create();

    @Inject
    OpenConnections connections;

    /** Returns how many sockets the message was sent to (0 when the rep is not connected here). */
    public int push(UUID repId, RepMessage message) {
        streams.onNext(new Addressed(repId, message));
        String json = EventJson.write(message);
        String rep = repId.toString();
        var sockets = connections.findByEndpointId(RepSocket.ENDPOINT).stream()
                .filter(connection -> rep.equals(connection.pathParam("repId")))
                .toList();
        sockets.forEach(connection -> connection.sendText(json).subscribe().with(
                sent -> {
                },
                failure -> LOG.warnf("Could not push to rep %s (%s): %s", rep, connection.id(), failure.toString())));
        return sockets.size();
    }

    /** What this instance pushes to one rep from now on. */
    public Multi<RepMessage> live(UUID repId) {
        return streams.filter(addressed -> addressed.repId().equals(repId)).map(Addressed::message);
    }
}
