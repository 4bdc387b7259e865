package io.leadflow.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * {@code ./leadflow bench}: drives a running Leadflow at a fixed rate and reports what it achieved; with
 * {@code --ceilings}, afterwards (Leadflow stopped by the script) measures what the broker and the database can do
 * alone. {@code Bench ceilings-only ...} runs just that second part.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("ceilings-only")) {
            ceilingsOnly(BenchOptions.parse(java.util.Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        BenchOptions options = BenchOptions.parse(args);
        if (options.importRows() > 0) {
            ImportRun.Result result = runImport(options);
            Path written = result.write(options.results());
            System.out.println(result.markdown());
            System.out.println("Report: " + written);
            if (result.secondsEndToEnd() < 0 || result.liveAssigned() < result.liveHot()) {
                System.exit(1);
            }
            return;
        }
        Report report = run(options);
        Path written = report.write(options.results());
        System.out.println(report.markdown());
        System.out.println("Report: " + written);
        if (report.accepted() == 0 || report.errors() > 0 || report.assignedTwice() > 0) {
            System.exit(1);
        }
    }

    /** What a run measures once connected: every rep's socket and the nurture topic are listened to meanwhile. */
    private interface Measure<T> {
        T with(String runId, OpenLoad load, RepListeners sockets, PipelineWatcher pipeline) throws Exception;
    }

    private static <T> T connected(BenchOptions options, Measure<T> measure) throws Exception {
        List<String> reps = RepListeners.repIds(options.routing());
        if (reps.isEmpty()) {
            throw new IllegalStateException("routing has no reps: nothing could be assigned");
        }
        String runId = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        OpenLoad load = new OpenLoad(options, new LeadMix(options.seed(), options.hotShare(), runId));
        try (RepListeners sockets = new RepListeners(options.routing(), reps);
                PipelineWatcher pipeline = new PipelineWatcher(options.kafka())) {
            return measure.with(runId, load, sockets, pipeline);
        }
    }

    public static Report run(BenchOptions options) throws Exception {
        return connected(options, (runId, load, sockets, pipeline) -> {
            System.out.printf(
                    "Connected as %d reps; %.0f leads/s for %d s warm-up, then %.0f leads/s for %d s measured%n",
                    sockets.connected(), options.warmupRate(), options.warmup().toSeconds(), options.rate(),
                    options.duration().toSeconds());
            load.warmUp();
            CpuUse.Snapshot cpuBefore = CpuUse.snapshot();
            double seconds = load.measure();
            long lagAtEnd = pipeline.totalLag();
            double drained = pipeline.secondsToDrain(options.drain());
            // Until the backlog drained: a saturated run does part of the measured leads' work after the window.
            List<CpuUse.Part> cpu = CpuUse.between(cpuBefore, CpuUse.snapshot(), load.accepted.get());
            // What was assigned or enrolled during the drain counts too: every measured lead is followed to the end.
            Assignments assignments = Assignments.of(load.dueAt, load.sentHot, sockets.assignedAt);
            Latency toEnroll = new Latency();
            for (Map.Entry<String, Long> due : load.dueAt.entrySet()) {
                Long enrolled = pipeline.enrolledAt.get(due.getKey());
                if (enrolled != null) {
                    toEnroll.record(enrolled - due.getValue());
                }
            }
            double throughput = load.accepted.get() / seconds;
            String warmUp = String.format(Locale.ROOT, "%d s at %.0f leads/s", options.warmup().toSeconds(),
                    options.warmupRate());
            return new Report(options.label(), Instant.now(), machine(), options.rate(), seconds, warmUp,
                    load.sent.get(),
                    load.accepted.get(), load.hotSent.get(), load.errors.get(),
                    load.errorsByKind.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                            e -> e.getValue().get())),
                    Math.round(throughput * 10) / 10.0, load.intake.summary(), assignments.toAssign().summary(),
                    assignments.hotAssigned(), assignments.afterEngagements(), sockets.assignedTwice.get(),
                    toEnroll.summary(), lagAtEnd, drained, cpu, null, null, null, null);
        });
    }

    /** The import mode: the same warm-up, then (once the pipeline drained) an import with live hot leads during it. */
    static ImportRun.Result runImport(BenchOptions options) throws Exception {
        return connected(options, (runId, load, sockets, pipeline) -> {
            System.out.printf("Connected as %d reps; %.0f leads/s for %d s warm-up%n", sockets.connected(),
                    options.warmupRate(), options.warmup().toSeconds());
            load.warmUp();
            if (pipeline.secondsToDrain(options.drain()) < 0) {
                throw new IllegalStateException("the warm-up's backlog did not drain in " + options.drain());
            }
            return new ImportRun(options, runId).run(sockets, pipeline, machine());
        });
    }

    /** Adds the ceilings to the last report of {@code label} (the JSON written by the Leadflow run). */
    private static void ceilingsOnly(BenchOptions options) throws Exception {
        Path last;
        try (var files = java.nio.file.Files.list(options.results())) {
            last = files.filter(p -> p.getFileName().toString().endsWith("-" + options.label() + ".json")).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException(
                            "no report of " + options.label() + " in " + options.results()));
        }
        Report run = io.leadflow.events.EventJson.mapper().readValue(last.toFile(), Report.class);
        URI pg = URI.create(options.pgUrl().replaceFirst("^postgresql:", "http:"));
        System.out.println("Kafka ceiling: ProducerPerformance ...");
        Ceilings.Kafka kafka = Ceilings.kafka(options.kafka(), 200_000, 700);
        System.out.println("PostgreSQL ceiling: pgbench -N ...");
        Ceilings.Postgres postgres = Ceilings.postgres(options.pgbench(), pg.getHost(), pg.getPort(),
                options.pgUser(), options.pgPassword(), 2, 20);
        Report complete = new Report(run.label(), run.at(), run.machine(), run.rateAsked(), run.measuredSeconds(),
                run.warmUp(), run.sent(), run.accepted(), run.hotSent(), run.errors(), run.errorsByKind(),
                run.throughputPerSecond(), run.intakeResponse(), run.timeToAssign(), run.hotAssigned(),
                run.assignedAfterEngagements(), run.assignedTwice(), run.timeToEnrollment(), run.lagAtEnd(),
                run.secondsToDrain(), run.cpu(), kafka, postgres,
                Math.round(run.throughputPerSecond() / kafka.recordsPerSecond() * 10_000) / 10_000.0,
                Math.round(run.throughputPerSecond() / postgres.tps() * 10_000) / 10_000.0);
        java.nio.file.Files.delete(last);
        Path written = complete.write(options.results());
        System.out.println(complete.markdown());
        System.out.println("Report: " + written);
    }

    private static Map<String, String> machine() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.version"));
        return machine;
    }
}
