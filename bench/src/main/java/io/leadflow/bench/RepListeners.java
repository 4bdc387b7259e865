package io.leadflow.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leadflow.support.security.DevTokens;
import io.leadflow.support.security.Roles;

/**
 * Listens as every rep on routing's WebSocket and notes when each lead's first {@code assignment} message arrives; a
 * lead assigned to two reps is counted, since that must never happen.
 */
public final class RepListeners implements AutoCloseable {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern LEAD_ID = Pattern.compile("\"leadId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    /** First time (nanoTime) an assignment of each lead reached a rep's socket. */
    public final Map<String, Long> assignedAt = new ConcurrentHashMap<>();
    private final Map<String, String> assignedTo = new ConcurrentHashMap<>();
    public final AtomicLong assignedTwice = new AtomicLong();
    private final List<WebSocket> sockets = new ArrayList<>();

    public static List<String> repIds(URI routing) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(routing + "/api/v1/reps")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + DevTokens.local().issue("bench", Roles.ADMIN)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/reps answered " + response.statusCode());
        }
        List<String> ids = new ArrayList<>();
        Matcher matcher = ID.matcher(response.body());
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    public RepListeners(URI routing, List<String> repIds) {
        HttpClient http = HttpClient.newHttpClient();
        String ws = routing.toString().replaceFirst("^http", "ws");
        for (String repId : repIds) {
            sockets.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    // Each rep listens with their own token (local demo key), as a browser passes it.
                    .buildAsync(URI.create(ws + "/ws/reps/" + repId + "?access_token="
                            + DevTokens.local().issue(repId, Roles.REP)), new Listener(repId))
                    .orTimeout(15, TimeUnit.SECONDS).join());
        }
    }

    public int connected() {
        return sockets.size();
    }

    private final class Listener implements WebSocket.Listener {

        private final String repId;
        private final StringBuilder partial = new StringBuilder();

        Listener(String repId) {
            this.repId = repId;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                Matcher type = TYPE.matcher(message);
                Matcher lead = LEAD_ID.matcher(message);
                if (type.find() && "assignment".equals(type.group(1)) && lead.find()) {
                    String leadId = lead.group(1);
                    assignedAt.putIfAbsent(leadId, now);
                    String first = assignedTo.putIfAbsent(leadId, repId);
                    if (first != null && !first.equals(repId)) {
                        assignedTwice.incrementAndGet();
                    }
                }
            }
            socket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        sockets.forEach(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done")
                .orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join());
    }
}
