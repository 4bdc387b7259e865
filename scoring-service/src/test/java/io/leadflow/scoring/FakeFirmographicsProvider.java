package io.leadflow.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A firmographics provider over real HTTP, in the test JVM: {@code provider-known*} domains are found,
 * {@code provider-slow.io} answers after two seconds, {@code provider-broken.io} fails with 500, anything else is 404.
 * Counts the requests per domain.
 */
public class FakeFirmographicsProvider implements QuarkusTestResourceLifecycleManager {

    public static final Map<String, AtomicInteger> REQUESTS = new ConcurrentHashMap<>();
    private HttpServer server;

    public static int requests(String domain) {
        return REQUESTS.getOrDefault(domain, new AtomicInteger()).get();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/companies/", this::answer);
        server.start();
        return Map.of("leadflow.scoring.provider.enabled", "true",
                "leadflow.scoring.provider.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                "leadflow.scoring.provider.api-key", "test-provider-key",
                "leadflow.scoring.provider.timeout", "PT0.5S",
                "leadflow.scoring.provider.retries", "1",
                "leadflow.scoring.provider.failure-threshold", "3",
                "leadflow.scoring.provider.open-for", "PT1H");
    }

    private void answer(HttpExchange exchange) throws IOException {
        String domain = exchange.getRequestURI().getPath().substring("/companies/".length());
        REQUESTS.computeIfAbsent(domain, d -> new AtomicInteger()).incrementAndGet();
        if (!"Bearer test-provider-key".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{}");
        } else if (domain.startsWith("provider-known")) {
            respond(exchange, 200, """
                    {"name":"Known Co","industry":"Software","employees":640,"annualRevenue":75000000,
                     "country":"fr","fundingStage":"series_b","recentNews":false,"unknownField":1}""");
        } else if (domain.equals("provider-slow.io")) {
            try {
                Thread.sleep(2_000); // the provider being slow, not the test waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "{\"name\":\"Too Late Inc\"}");
        } else if (domain.equals("provider-broken.io")) {
            respond(exchange, 500, "{\"error\":\"down\"}");
        } else {
            respond(exchange, 404, "{}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
