package io.leadflow.fault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A steady stream of new leads into intake (one in three a hot demo request), from its own thread, whatever faults
 * happen meanwhile. Every {@code 202} is remembered with its lead id; anything else is only counted, since a client
 * that did not get {@code 202} knows to retry.
 */
final class LeadStream implements AutoCloseable {

    /** A lead intake accepted. */
    record Accepted(String leadId, String email, boolean hot) {
    }

    private static final Pattern LEAD_ID = Pattern.compile("\"leadId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> refusedByStatus = new ConcurrentHashMap<>();
    final AtomicLong attempts = new AtomicLong();
    private final Stack stack;
    private final String run;
    private final double perSecond;
    private final Thread thread;
    private volatile boolean running = true;

    LeadStream(Stack stack, String run, double perSecond) {
        this.stack = stack;
        this.run = run;
        this.perSecond = perSecond;
        this.thread = new Thread(this::send, "lead-stream-" + run);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void send() {
        long start = System.nanoTime();
        for (long i = 0; running; i++) {
            long wait = start + Math.round(i * 1e9 / perSecond) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            attempts.incrementAndGet();
            boolean hot = i % 3 == 0;
            String email = "fault-" + run + "-" + i + (hot ? "@tailspin.io" : "@gmail.com");
            String body = """
                    {"email":"%s","firstName":"Fault","lastName":"Lead %d","company":"Tailspin","jobTitle":"%s",\
                    "country":"FR","source":"website","formType":"%s","marketingConsent":true}"""
                    .formatted(email, i, hot ? "CEO" : "Analyst", hot ? "demo_request" : "newsletter");
            int status = post(body, email, hot);
            if (status != 202) {
                refusedByStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    private int post(String body, String email, boolean hot) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                    stack.url("intake", "/api/v1/leads"))).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("X-Api-Key", Stack.API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                Matcher id = LEAD_ID.matcher(response.body());
                if (!id.find()) {
                    throw new IllegalStateException("202 without a lead id: " + response.body());
                }
                accepted.put(id.group(1), new Accepted(id.group(1), email, hot));
            }
            return response.statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -2;
        }
    }

    int acceptedCount() {
        return accepted.size();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(20_000);
    }
}
