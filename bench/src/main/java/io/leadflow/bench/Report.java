package io.leadflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.leadflow.events.EventJson;

/** One benchmark run: what was asked, what was achieved, and the ceilings it compares with. */
public record Report(
        String label,
        Instant at,
        Map<String, String> machine,
        double rateAsked,
        double measuredSeconds,
        String warmUp,
        long sent,
        long accepted,
        long hotSent,
        long errors,
        Map<String, Long> errorsByKind,
        double throughputPerSecond,
        Latency.Summary intakeResponse,
        Latency.Summary timeToAssign,
        long hotAssigned,
        long assignedAfterEngagements,
        long assignedTwice,
        Latency.Summary timeToEnrollment,
        long lagAtEnd,
        double secondsToDrain,
        List<CpuUse.Part> cpu,
        Ceilings.Kafka kafkaCeiling,
        Ceilings.Postgres postgresCeiling,
        Double shareOfKafkaCeiling,
        Double shareOfPostgresCeiling) {

    public Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        String stamp = at.toString().replace(":", "").replaceAll("\\.\\d+", "");
        Path json = directory.resolve(stamp + "-" + label + ".json");
        Files.writeString(json, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
        String markdown = markdown();
        Files.writeString(directory.resolve(stamp + "-" + label + ".md"), markdown);
        Files.writeString(directory.resolve("latest-" + label + ".md"), markdown);
        return json;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Leadflow benchmark: ").append(label).append(" (").append(at).append(")\n\n");
        md.append("Machine: ").append(machine).append("\n\n");
        md.append(String.format(Locale.ROOT, "Asked %.0f leads/s for %.0f s (open model, after a warm-up of %s): "
                + "%d sent, %d accepted (202), %d errors %s; %.1f accepted/s.%n%n", rateAsked, measuredSeconds, warmUp,
                sent, accepted, errors, errorsByKind, throughputPerSecond));
        md.append("| measure | count | p50 ms | p95 ms | p99 ms | p99.9 ms | max ms |\n|---|---|---|---|---|---|---|\n");
        row(md, "intake response (due to 202)", intakeResponse);
        row(md, "time to assign (due to rep's socket)", timeToAssign);
        row(md, "time to enrollment (due to enrolled event read)", timeToEnrollment);
        md.append(String.format(Locale.ROOT, "%nHot leads sent %d, assigned on a socket %d, assigned to two reps %d; "
                + "other leads assigned after returning visits made them hot %d (not in the time to assign). "
                + "Consumer lag at the end %d, back to zero in %s.%n", hotSent, hotAssigned, assignedTwice,
                assignedAfterEngagements, lagAtEnd,
                secondsToDrain < 0 ? "more than the drain limit" : secondsToDrain + " s"));
        cpu(md);
        if (kafkaCeiling != null) {
            md.append(String.format(Locale.ROOT, "%nKafka ceiling (ProducerPerformance, %d-byte records, acks=all): "
                    + "%.0f records/s, p99 %.0f ms. Leadflow's throughput is %.2f%% of it.%n",
                    kafkaCeiling.recordSize(), kafkaCeiling.recordsPerSecond(), kafkaCeiling.p99Ms(),
                    shareOfKafkaCeiling * 100));
        }
        if (postgresCeiling != null) {
            md.append(String.format(Locale.ROOT, "PostgreSQL ceiling (pgbench simple-update, %d clients, %d s): "
                    + "%.0f commits/s. Leadflow's throughput is %.2f%% of it.%n", postgresCeiling.clients(),
                    postgresCeiling.seconds(), postgresCeiling.tps(), shareOfPostgresCeiling * 100));
        }
        return md.toString();
    }

    /** Where the CPU went while the measured leads were sent: on a machine that runs everything, the real limit. */
    private void cpu(StringBuilder md) {
        if (cpu == null || cpu.isEmpty()) {
            md.append("\nCPU per part: not measured (no /proc on this system).\n");
            return;
        }
        md.append("\nCPU from the start of the measured run until the consumers caught up (a backlog's work included),"
                + " per part (processes on this machine, from /proc):\n\n"
                + "| part | cores busy | CPU ms per accepted lead |\n|---|---|---|\n");
        for (CpuUse.Part part : cpu) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f |%n", part.name(), part.cores(),
                    part.msPerLead()));
        }
    }

    private static void row(StringBuilder md, String name, Latency.Summary s) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n", name, s.count(),
                s.p50(), s.p95(), s.p99(), s.p999(), s.max()));
    }
}
