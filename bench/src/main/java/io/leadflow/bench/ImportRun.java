package io.leadflow.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leadflow.events.EventJson;

/**
 * {@code ./leadflow bench --import-rows N}: a trade-show list imported while live hot leads keep arriving. After the
 * warm-up and once the pipeline drained, uploads an N-row CSV (content downloads with consent; one row in twenty a
 * senior person at a company whose firmographics make them hot), then posts {@code --live-hot} hot demo requests one
 * every {@code --live-every} seconds from the first second of the import. Reports how long the import took to be
 * stored, and end to end (every imported lead enrolled or assigned), in rows per second; each live hot lead's time from
 * its post to a rep's socket; and the CPU per imported row of each part over the whole import.
 */
final class ImportRun {

    /** What one import run measured. */
    record Result(String label, Instant at, Map<String, String> machine, int rows, int accepted, int rejected,
            double secondsToStore, double secondsEndToEnd, long followedToTheEnd, double rowsPerSecond, int liveHot,
            long liveAssigned, Latency.Summary liveToSocket, List<CpuUse.Part> cpu) {

        Path write(Path directory) throws IOException {
            Files.createDirectories(directory);
            String stamp = at.toString().replace(":", "").replaceAll("\\.\\d+", "");
            Path json = directory.resolve(stamp + "-" + label + ".json");
            Files.writeString(json, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
            Files.writeString(directory.resolve(stamp + "-" + label + ".md"), markdown());
            Files.writeString(directory.resolve("latest-" + label + ".md"), markdown());
            return json;
        }

        String markdown() {
            StringBuilder md = new StringBuilder();
            md.append(String.format(Locale.ROOT, "# Import run `%s`, %s%n%n", label, at));
            md.append(String.format(Locale.ROOT, "Machine: %s%n%n", machine));
            md.append(String.format(Locale.ROOT, "| rows | accepted | rejected | stored in | end to end | followed to "
                    + "the end | rows/s end to end |%n|---|---|---|---|---|---|---|%n| %d | %d | %d | %.1f s | %s | "
                    + "%d | %s |%n%n", rows, accepted, rejected, secondsToStore,
                    secondsEndToEnd < 0 ? "not within the drain" : String.format(Locale.ROOT, "%.1f s",
                            secondsEndToEnd), followedToTheEnd, rowsPerSecond < 0 ? "-"
                                    : String.format(Locale.ROOT, "%.0f", rowsPerSecond)));
            md.append(String.format(Locale.ROOT, "Live hot leads posted during the import: %d, on a rep's socket: %d. "
                    + "Post to socket: p50 %.0f ms, p99 %.0f ms, max %.0f ms.%n%n", liveHot, liveAssigned,
                    liveToSocket.p50(), liveToSocket.p99(), liveToSocket.max()));
            md.append("| part | cores | CPU ms per imported row |\n|---|---|---|\n");
            for (CpuUse.Part part : cpu) {
                md.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f |%n", part.name(), part.cores(),
                        part.msPerLead()));
            }
            return md.toString();
        }
    }

    private static final Pattern IMPORT_ID = Pattern.compile("\"importId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern LEAD_ID = Pattern.compile("\"leadId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final String[] HOT_COMPANIES = { "acme-industries.com", "northwind.co.uk", "tailspin.io",
        "fabrikam.de" };
    private static final String[] OTHER_DOMAINS = { "small-business.example", "gmail.com", "yahoo.fr", "outlook.com" };

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BenchOptions options;
    private final String runId;

    ImportRun(BenchOptions options, String runId) {
        this.options = options;
        this.runId = runId;
    }

    /** The CSV of {@code rows} new people. */
    String csv(int rows) {
        StringBuilder csv = new StringBuilder(rows * 90)
                .append("email,first name,last name,company,job title,country\n");
        for (int i = 0; i < rows; i++) {
            boolean hot = i % 20 == 7;
            String domain = hot ? HOT_COMPANIES[i % HOT_COMPANIES.length] : OTHER_DOMAINS[i % OTHER_DOMAINS.length];
            csv.append("import-").append(runId).append('-').append(i).append('@').append(domain)
                    .append(",Trade,Show ").append(i).append(',').append(domain).append(',')
                    .append(hot ? "VP Sales" : "Analyst").append(",FR\n");
        }
        return csv.toString();
    }

    Result run(RepListeners sockets, PipelineWatcher pipeline, Map<String, String> machine) throws Exception {
        int rows = options.importRows();
        String body = csv(rows);
        CpuUse.Snapshot cpuBefore = CpuUse.snapshot();
        long started = System.nanoTime();
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(options.intake()
                + "/api/v1/imports?formType=content_download&source=trade_show&marketingConsent=true"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "text/csv")
                .header("X-Api-Key", options.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher importId = IMPORT_ID.matcher(upload.body());
        if (upload.statusCode() != 202 || !importId.find()) {
            throw new IllegalStateException("the import was refused: " + upload.statusCode() + " " + upload.body());
        }
        System.out.printf("Importing %d rows (import %s) with %d live hot leads, one every %d s%n", rows,
                importId.group(1), options.liveHot(), options.liveEvery().toSeconds());

        Map<String, Long> livePostedAt = new ConcurrentHashMap<>();
        Thread live = new Thread(() -> postLive(started, livePostedAt), "bench-live");
        live.setDaemon(true);
        live.start();

        String job = awaitStored(importId.group(1), System.nanoTime() + options.drain().toNanos());
        double toStore = seconds(System.nanoTime() - started);
        int accepted = intField(job, "accepted");
        int rejected = intField(job, "rejected");

        // Every imported lead ends enrolled (nurturing) or on a rep's socket (hot): followed until then, bounded.
        // The live leads are followed too, but their schedule does not count in the import's own time.
        long deadline = System.nanoTime() + options.drain().toNanos();
        long followed = 0;
        long doneAt = -1;
        while (System.nanoTime() < deadline) {
            if (doneAt < 0) {
                followed = ended(pipeline.enrolledAt, started, livePostedAt.keySet())
                        + ended(sockets.assignedAt, started, livePostedAt.keySet());
                doneAt = followed >= accepted ? System.nanoTime() : -1;
            }
            boolean liveDone = livePostedAt.keySet().stream().allMatch(sockets.assignedAt::containsKey);
            if (doneAt >= 0 && liveDone && !live.isAlive()) {
                break;
            }
            Thread.sleep(100); // the poll interval of what was followed, bounded by the deadline
        }
        CpuUse.Snapshot cpuAfter = CpuUse.snapshot();
        double endToEnd = doneAt < 0 ? -1 : seconds(doneAt - started);
        Latency toSocket = new Latency();
        long liveAssigned = 0;
        for (Map.Entry<String, Long> posted : livePostedAt.entrySet()) {
            Long assigned = sockets.assignedAt.get(posted.getKey());
            if (assigned != null) {
                toSocket.record(assigned - posted.getValue());
                liveAssigned++;
            }
        }
        return new Result(options.label(), Instant.now(), machine, rows, accepted, rejected, toStore, endToEnd,
                followed, endToEnd < 0 ? -1 : Math.round(accepted / endToEnd), livePostedAt.size(), liveAssigned,
                toSocket.summary(), CpuUse.between(cpuBefore, cpuAfter, accepted));
    }

    /** How many leads other than the live ones reached {@code at} after the import started. */
    private static long ended(Map<String, Long> at, long started, Set<String> live) {
        return at.entrySet().stream().filter(e -> e.getValue() >= started && !live.contains(e.getKey())).count();
    }

    private void postLive(long started, Map<String, Long> postedAt) {
        for (int i = 0; i < options.liveHot(); i++) {
            long due = started + Duration.ofSeconds(1).toNanos() + i * options.liveEvery().toNanos();
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String json = """
                    {"email":"live-%s-%d@%s","firstName":"Live","lastName":"Lead %d","company":"%s",\
                    "jobTitle":"VP Sales","country":"FR","source":"website","formType":"demo_request",\
                    "marketingConsent":true}""".formatted(runId, i, HOT_COMPANIES[i % HOT_COMPANIES.length], i,
                    HOT_COMPANIES[i % HOT_COMPANIES.length]);
            long posted = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(options.intake()
                        + "/api/v1/leads")).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("X-Api-Key", options.apiKey())
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher id = LEAD_ID.matcher(response.body());
                if (response.statusCode() == 202 && id.find()) {
                    postedAt.put(id.group(1), posted);
                } else {
                    System.out.printf("A live lead was refused: %d %s%n", response.statusCode(), response.body());
                }
            } catch (IOException e) {
                System.out.printf("A live lead could not be posted: %s%n", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The import's job once it ended; an import still running at {@code deadline} (nanoTime) fails the run. */
    private String awaitStored(String importId, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            HttpResponse<String> job = http.send(HttpRequest.newBuilder(URI.create(options.intake()
                    + "/api/v1/imports/" + importId)).header("X-Api-Key", options.apiKey()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher status = STATUS.matcher(job.body());
            if (status.find() && !"running".equals(status.group(1))) {
                if (!"completed".equals(status.group(1))) {
                    throw new IllegalStateException("the import ended " + status.group(1) + ": " + job.body());
                }
                return job.body();
            }
            Thread.sleep(200); // the poll interval of the job's status, bounded by the deadline
        }
        throw new IllegalStateException("import " + importId + " still running after " + options.drain());
    }

    private static int intField(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        return value.find() ? Integer.parseInt(value.group(1)) : -1;
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }
}
