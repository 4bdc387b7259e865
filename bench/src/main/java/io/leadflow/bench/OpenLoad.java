package io.leadflow.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The open model: request {@code i} is due at {@code start + i / rate} whatever happened to the ones before, sent
 * without waiting for any answer, and its latency counts from when it was due, not from when it went out, so a
 * stalled server shows as latency instead of as fewer requests (no coordinated omission).
 */
public final class OpenLoad {

    private static final Pattern LEAD_ID = Pattern.compile("\"leadId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    /** When each lead was due, by lead id, for the listeners that see it later. */
    public final Map<String, Long> dueAt = new ConcurrentHashMap<>();
    /** The measured leads sent as hot (a quote or demo request); others may become hot later, after engagements. */
    public final Set<String> sentHot = ConcurrentHashMap.newKeySet();
    public final Latency intake = new Latency();
    public final AtomicLong sent = new AtomicLong();
    public final AtomicLong accepted = new AtomicLong();
    public final AtomicLong hotSent = new AtomicLong();
    public final AtomicLong errors = new AtomicLong();
    public final Map<String, AtomicLong> errorsByKind = new ConcurrentHashMap<>();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4, task -> {
                // Daemon threads: the harness exits once the report is written, not when the pool times out.
                Thread thread = new Thread(task, "bench-http");
                thread.setDaemon(true);
                return thread;
            })).build();
    private final BenchOptions options;
    private final LeadMix mix;
    private volatile boolean measuring;
    private long warmupEnd;

    public OpenLoad(BenchOptions options, LeadMix mix) {
        this.options = options;
        this.mix = mix;
    }

    /** The instant (nanoTime) request {@code i} is due, counting from {@code start}. */
    static long due(long start, long i, double rate) {
        return start + Math.round(i * 1_000_000_000d / rate);
    }

    /** Sends at the warm-up rate for {@code warmup}; nothing of it is measured. */
    public void warmUp() {
        long start = System.nanoTime();
        warmupEnd = start + options.warmup().toNanos();
        sendBetween(start, warmupEnd, options.warmupRate(), false);
    }

    /** Then sends at the rate for {@code duration}, on the schedule that follows the warm-up; returns its seconds. */
    public double measure() {
        measuring = true;
        sendBetween(warmupEnd, warmupEnd + options.duration().toNanos(), options.rate(), true);
        return options.duration().toNanos() / 1e9;
    }

    private void sendBetween(long from, long until, double rate, boolean measured) {
        for (long i = 0;; i++) {
            long due = due(from, i, rate);
            if (due >= until) {
                return;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(mix.next(), due, measured);
        }
    }

    public boolean measuring() {
        return measuring;
    }

    private void send(LeadMix.Request request, long due, boolean measured) {
        if (measured) {
            sent.incrementAndGet();
            if (request.hot()) {
                hotSent.incrementAndGet();
            }
        }
        HttpRequest http = HttpRequest.newBuilder(URI.create(options.intake() + request.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", options.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(request.json()))
                .build();
        this.http.sendAsync(http, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            long now = System.nanoTime();
            if (!measured) {
                return;
            }
            if (failure != null) {
                error(failure.getClass().getSimpleName());
                return;
            }
            if (response.statusCode() != 202) {
                error("http_" + response.statusCode());
                return;
            }
            intake.record(now - due);
            accepted.incrementAndGet();
            Matcher id = LEAD_ID.matcher(response.body());
            if (id.find() && !request.engagement()) {
                dueAt.putIfAbsent(id.group(1), due);
                if (request.hot()) {
                    sentHot.add(id.group(1));
                }
            }
        });
    }

    private void error(String kind) {
        errors.incrementAndGet();
        errorsByKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }
}
