package io.leadflow.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What to run: where Leadflow is, how hard and how long to push it, and where the ceilings are measured.
 * {@code --name value} pairs; every one has a default that fits {@code ./leadflow bench} on the local stack.
 * <p>
 * The warm-up runs at {@code --warmup-rate} (default: the rate, at most 20 leads/s) for {@code --warmup} seconds
 * (default 90): the four services start cold on two cores, and their first minute of compiling and class loading
 * would otherwise be measured as Leadflow's latency, while a warm-up at the full rate would leave a backlog behind.
 * <p>
 * {@code --import-rows N} measures an import instead of the open load ({@link ImportRun}): N rows, with
 * {@code --live-hot} live hot leads (default 10) posted one every {@code --live-every} seconds (default 3) during it.
 */
public record BenchOptions(
        URI intake,
        URI routing,
        String apiKey,
        String kafka,
        double rate,
        double warmupRate,
        Duration warmup,
        Duration duration,
        Duration drain,
        double hotShare,
        long seed,
        Path results,
        boolean ceilings,
        String pgUrl,
        String pgUser,
        String pgPassword,
        Path pgbench,
        String label,
        int importRows,
        int liveHot,
        Duration liveEvery) {

    public static BenchOptions parse(String... args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            String name = args[i].substring(2);
            if (name.equals("ceilings") || name.equals("smoke")) {
                given.put(name, "true");
            } else if (i + 1 < args.length) {
                given.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        boolean smoke = given.containsKey("smoke");
        double rate = Double.parseDouble(given.getOrDefault("rate", smoke ? "5" : "200"));
        BenchOptions options = new BenchOptions(
                URI.create(given.getOrDefault("intake", "http://127.0.0.1:8081")),
                URI.create(given.getOrDefault("routing", "http://127.0.0.1:8083")),
                given.getOrDefault("api-key", "leadflow-local-demo-key"),
                given.getOrDefault("kafka", "127.0.0.1:9092"),
                rate,
                Double.parseDouble(given.getOrDefault("warmup-rate", String.valueOf(Math.min(rate, 20)))),
                Duration.ofSeconds(Long.parseLong(given.getOrDefault("warmup", smoke ? "1" : "90"))),
                Duration.ofSeconds(Long.parseLong(given.getOrDefault("duration", smoke ? "3" : "60"))),
                Duration.ofSeconds(Long.parseLong(given.getOrDefault("drain", smoke ? "30" : "60"))),
                Double.parseDouble(given.getOrDefault("hot-share", "0.3")),
                Long.parseLong(given.getOrDefault("seed", "20261126")),
                Path.of(given.getOrDefault("results", "bench/results")),
                given.containsKey("ceilings"),
                given.getOrDefault("pg-url", "postgresql://127.0.0.1:5433"),
                given.getOrDefault("pg-user", "leadflow"),
                given.getOrDefault("pg-password", "leadflow"),
                Path.of(given.getOrDefault("pgbench", "pgbench")),
                given.getOrDefault("label", smoke ? "smoke" : given.containsKey("import-rows") ? "import" : "run"),
                Integer.parseInt(given.getOrDefault("import-rows", "0")),
                Integer.parseInt(given.getOrDefault("live-hot", "10")),
                Duration.ofSeconds(Long.parseLong(given.getOrDefault("live-every", "3"))));
        if (options.rate() <= 0 || options.rate() > 20_000) {
            throw new IllegalArgumentException("--rate must be from 0 to 20000 leads/s");
        }
        if (options.warmupRate() <= 0 || options.warmupRate() > 20_000) {
            throw new IllegalArgumentException("--warmup-rate must be from 0 to 20000 leads/s");
        }
        if (options.importRows() < 0 || options.importRows() > 1_000_000) {
            throw new IllegalArgumentException("--import-rows must be from 0 (no import: the open load) to 1000000");
        }
        if (options.liveHot() < 0 || options.liveHot() > 1000 || options.liveEvery().isNegative()) {
            throw new IllegalArgumentException("--live-hot must be from 0 to 1000, --live-every 0 or more seconds");
        }
        if (options.hotShare() < 0 || options.hotShare() > 1) {
            throw new IllegalArgumentException("--hot-share must be from 0 to 1");
        }
        return options;
    }
}
