package io.leadflow.routing.live;

import java.util.UUID;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.leadflow.events.EventJson;
import io.leadflow.routing.persistence.OwnContext;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;

/**
 * {@code /ws/reps/{repId}}: a rep's live feed. On connecting, the rep gets what they still have to accept (a console
 * that reconnects loses nothing; ids repeat, so it de-duplicates); then {@link RepNotifier} pushes. Nothing is read.
 */
@WebSocket(path = "/ws/reps/{repId}", endpointId = RepSocket.ENDPOINT)
public class RepSocket {

    static final String ENDPOINT = "rep-assignments";
    private static final Logger LOG = Logger.getLogger(RepSocket.class);

    @Inject
    PendingMessages pending;

    @Inject
    Vertx vertx;

    @Inject
    RepPresence presence;

    @OnOpen
    void opened(WebSocketConnection connection) {
        LOG.debugf("Rep %s connected (%s)", connection.pathParam("repId"), connection.id());
        UUID repId;
        try {
            repId = UUID.fromString(connection.pathParam("repId"));
        } catch (IllegalArgumentException e) {
            connection.close().subscribe().with(closed -> {
            }, failure -> {
            });
            return;
        }
        presence.opened(repId);
        OwnContext.run(vertx, () -> pending.of(repId).subscribe().with(
                messages -> messages.forEach(message -> connection.sendText(EventJson.write(message)).subscribe()
                        .with(sent -> {
                        }, failure -> LOG.debugf("Replay to %s failed: %s", connection.id(), failure))),
                failure -> LOG.warnf("Could not replay pending assignments to rep %s: %s", repId, failure.toString())));
    }

    @OnClose
    void closed(WebSocketConnection connection) {
        LOG.debugf("Rep %s disconnected (%s)", connection.pathParam("repId"), connection.id());
        try {
            presence.closed(UUID.fromString(connection.pathParam("repId")));
        } catch (IllegalArgumentException e) {
            // Closed right after opening for a malformed id: never counted.
        }
    }
}
