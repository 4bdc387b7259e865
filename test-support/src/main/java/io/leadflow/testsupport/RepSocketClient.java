package io.leadflow.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

/** A rep's console as a test sees it: a real WebSocket client that keeps every text message it receives. */
public final class RepSocketClient implements AutoCloseable {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final WebSocket socket;

    private RepSocketClient(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Collector())
                .orTimeout(15, TimeUnit.SECONDS)
                .join();
    }

    /** Connects to {@code ws://host:port/ws/reps/{repId}}. */
    public static RepSocketClient connect(String host, int port, String repId) {
        return new RepSocketClient(URI.create("ws://" + host + ":" + port + "/ws/reps/" + repId));
    }

    /** Waits (bounded) for a message matching {@code condition} and returns it. */
    public String await(Predicate<String> condition, Duration atMost) {
        Awaitility.await().atMost(atMost).until(() -> messages.stream().anyMatch(condition));
        return messages.stream().filter(condition).findFirst().orElseThrow();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
