package io.leadflow.routing.live;

import java.util.UUID;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.leadflow.events.EventJson;
import io.leadflow.routing.security.RepAccess;
import io.leadflow.support.security.Roles;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.jwt.JsonWebToken;
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
    private static final UserData.TypedKey<Boolean> AUTHORIZED = UserData.TypedKey.forBoolean("authorized");
    private static final Logger LOG = Logger.getLogger(RepSocket.class);

    @Inject
    PendingMessages pending;

    @Inject
    Vertx vertx;

    @Inject
    RepPresence presence;

    @Inject
    JWTParser jwt;

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
        if (!authorized(connection, repId)) {
            // 1008 policy violation: no token, a bad one, or not this rep's (nor an admin's).
            connection.close(new CloseReason(1008, "unauthorized")).subscribe().with(closed -> {
            }, failure -> {
            });
            return;
        }
        connection.userData().put(AUTHORIZED, true);
        presence.opened(repId);
        OwnContext.run(vertx, () -> pending.of(repId).subscribe().with(
                messages -> messages.forEach(message -> connection.sendText(EventJson.write(message)).subscribe()
                        .with(sent -> {
                        }, failure -> LOG.debugf("Replay to %s failed: %s", connection.id(), failure))),
                failure -> LOG.warnf("Could not replay pending assignments to rep %s: %s", repId, failure.toString())));
    }

    /**
     * The token comes as {@code Authorization: Bearer} or, from a browser, as the {@code access_token} query parameter;
     * only the rep themself (rep token whose rep_id claim or subject is this rep) or an admin may open the feed.
     */
    boolean authorized(WebSocketConnection connection, UUID repId) {
        String token = bearer(connection);
        if (token == null) {
            return false;
        }
        try {
            JsonWebToken parsed = jwt.parse(token);
            if (parsed.getGroups().contains(Roles.ADMIN)) {
                return true;
            }
            Object claim = parsed.getClaim(RepAccess.REP_ID_CLAIM);
            String rep = claim != null ? claim.toString().replace("\"", "") : parsed.getSubject();
            return parsed.getGroups().contains(Roles.REP) && repId.toString().equalsIgnoreCase(rep);
        } catch (ParseException e) {
            LOG.debugf("Rep socket %s refused: %s", connection.id(), e.getMessage());
            return false;
        }
    }

    static String bearer(WebSocketConnection connection) {
        String header = connection.handshakeRequest().header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        String query = connection.handshakeRequest().query();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("access_token=") && pair.length() > "access_token=".length()) {
                    return java.net.URLDecoder.decode(pair.substring("access_token=".length()),
                            java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    @OnClose
    void closed(WebSocketConnection connection) {
        LOG.debugf("Rep %s disconnected (%s)", connection.pathParam("repId"), connection.id());
        if (!Boolean.TRUE.equals(connection.userData().get(AUTHORIZED))) {
            return; // refused at opening: never counted
        }
        try {
            presence.closed(UUID.fromString(connection.pathParam("repId")));
        } catch (IllegalArgumentException e) {
            // Closed right after opening for a malformed id: never counted.
        }
    }
}
