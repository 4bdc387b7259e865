package io.leadflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the same broker and database can do on their own, measured after Leadflow's run (never during it): Kafka's
 * {@code ProducerPerformance} with a lead event's size and Leadflow's acks, and {@code pgbench} simple-update.
 * Leadflow's throughput is reported as a share of these, so results compare across machines.
 */
public final class Ceilings {

    /** Kafka's producer ceiling: records/s and its latency percentiles (ms). */
    public record Kafka(double recordsPerSecond, double avgMs, double p50Ms, double p99Ms, int recordSize) {
    }

    /** PostgreSQL's ceiling: simple-update transactions (one commit each) per second. */
    public record Postgres(double tps, int clients, int seconds) {
    }

    private static final Pattern PRODUCER_TOTAL = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
                    + "([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");
    private static final Pattern PGBENCH_TPS = Pattern.compile("tps = ([\\d.]+)");

    private Ceilings() {
    }

    static Kafka parseProducer(String output, int recordSize) {
        Matcher matcher = PRODUCER_TOTAL.matcher(output);
        Kafka last = null;
        while (matcher.find()) {
            last = new Kafka(Double.parseDouble(matcher.group(2)), Double.parseDouble(matcher.group(4)),
                    Double.parseDouble(matcher.group(6)), Double.parseDouble(matcher.group(8)), recordSize);
        }
        if (last == null) {
            throw new IllegalStateException("ProducerPerformance printed no total:\n" + output);
        }
        return last;
    }

    static double parseTps(String output) {
        Matcher matcher = PGBENCH_TPS.matcher(output);
        double tps = -1;
        while (matcher.find()) {
            tps = Double.parseDouble(matcher.group(1));
        }
        if (tps < 0) {
            throw new IllegalStateException("pgbench printed no tps:\n" + output);
        }
        return tps;
    }

    /** ProducerPerformance against {@code bootstrap}, in its own JVM from the bench classpath. */
    public static Kafka kafka(String bootstrap, int records, int recordSize) throws IOException, InterruptedException {
        String classpath = System.getProperty("java.class.path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String output = run(List.of(java, "-Xmx256m", "-cp", classpath, "org.apache.kafka.tools.ProducerPerformance",
                "--topic", "bench.ceiling", "--num-records", String.valueOf(records), "--record-size",
                String.valueOf(recordSize), "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap,
                "acks=all", "enable.idempotence=true", "linger.ms=5"), Map.of(), 300);
        return parseProducer(output, recordSize);
    }

    /**
     * pgbench simple-update (-N) on its own database {@code bench} of the same server (the local stack creates it;
     * elsewhere it is created if missing and the user may), initialised at scale 10.
     */
    public static Postgres postgres(Path pgbench, String host, int port, String user, String password, int clients,
            int seconds) throws IOException, InterruptedException {
        Map<String, String> env = Map.of("PGPASSWORD", password);
        List<String> connection = List.of("-h", host, "-p", String.valueOf(port), "-U", user);
        List<String> init = new ArrayList<>(List.of(pgbench.toString(), "-i", "-q", "-s", "10"));
        init.addAll(connection);
        init.add("bench");
        try {
            run(init, env, 300);
        } catch (IllegalStateException failed) {
            // The local stack creates the database; on another server, create it if the user may.
            if (!failed.getMessage().contains("does not exist")) {
                throw failed;
            }
            List<String> createdb = new ArrayList<>(List.of(pgbench.resolveSibling("createdb").toString()));
            createdb.addAll(connection);
            createdb.add("bench");
            run(createdb, env, 60);
            run(init, env, 300);
        }
        List<String> bench = new ArrayList<>(List.of(pgbench.toString(), "-N", "-c", String.valueOf(clients), "-j",
                String.valueOf(clients), "-T", String.valueOf(seconds)));
        bench.addAll(connection);
        bench.add("bench");
        return new Postgres(parseTps(run(bench, env, seconds + 120)), clients, seconds);
    }

    private static String run(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish in " + timeoutSeconds + " s");
        }
        String output = new String(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n"
                    + output);
        }
        return output;
    }
}
