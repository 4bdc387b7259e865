package io.leadflow.routing.live;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/** {@code /ws/reps/{repId}}: a rep's live feed. Messages are pushed by {@link RepNotifier}; nothing is read. */
@WebSocket(path = "/ws/reps/{repId}", endpointId = RepSocket.ENDPOINT)
public class RepSocket {

    static final String ENDPOINT = "rep-assignments";
    private static final Logger LOG = Logger.getLogger(RepSocket.class);

    @OnOpen
    void opened(WebSocketConnection connection) {
        LOG.debugf("Rep %s connected (%s)", connection.pathParam("repId"), connection.id());
    }

    @OnClose
    void closed(WebSocketConnection connection) {
        LOG.debugf("Rep %s disconnected (%s)", connection.pathParam("repId"), connection.id());
    }
}
