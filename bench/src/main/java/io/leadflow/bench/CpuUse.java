package io.leadflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during the measured run, per part of the system (each service, Kafka, PostgreSQL, this
 * client, everything else), read from Linux's {@code /proc}: the time each process spent on a core, from before the
 * measured run to its end. Divided by the leads accepted, it is the CPU one lead costs each part, which is what
 * bounds the throughput of a machine that runs them all. A process started in between counts from its start; one that
 * ended in between is left out. On a system without {@code /proc}, nothing is measured.
 */
final class CpuUse {

    /** A part's share of the run: cores kept busy on average, and CPU milliseconds per accepted lead. */
    record Part(String name, double cores, double msPerLead) {
    }

    /** Busy time per process (clock ticks), when it was read. */
    record Snapshot(Map<Long, Sample> processes, long atNanos) {
    }

    record Sample(String part, long ticks) {
    }

    private static final Path PROC = Path.of("/proc");
    /** Clock ticks per second of {@code /proc/<pid>/stat}: 100 on every Linux build in use (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100;

    private CpuUse() {
    }

    static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    static Snapshot snapshot() {
        Map<Long, Sample> processes = new HashMap<>();
        if (available()) {
            long self = ProcessHandle.current().pid();
            try (Stream<Path> entries = Files.list(PROC)) {
                entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                        .forEach(p -> read(p, self).ifPresent(s -> processes.put(Long.parseLong(
                                p.getFileName().toString()), s)));
            } catch (IOException e) {
                // /proc vanished under us: report what was read.
            }
        }
        return new Snapshot(processes, System.nanoTime());
    }

    private static Optional<Sample> read(Path process, long self) {
        try {
            String stat = Files.readString(process.resolve("stat"), StandardCharsets.UTF_8);
            String cmdline = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
            boolean isSelf = Long.parseLong(process.getFileName().toString()) == self;
            return Optional.of(new Sample(isSelf ? "bench client" : part(cmdline), busyTicks(stat)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the process ended while being read
        }
    }

    /** The part a process belongs to, from its command line. */
    static String part(String cmdline) {
        for (String service : List.of("intake", "scoring", "routing", "nurturing")) {
            if (cmdline.contains(service + "-service")) {
                return service + "-service";
            }
        }
        if (cmdline.contains("kafka.Kafka ")) {
            return "kafka broker";
        }
        if (cmdline.startsWith("postgres") || cmdline.contains("/postgres ") || cmdline.contains("bin/postgres")) {
            return "postgresql";
        }
        return "everything else";
    }

    /**
     * User plus system time of a process, in clock ticks, from its {@code stat} line: fields 14 and 15, counted
     * after the command name in parentheses (which may itself hold spaces and parentheses).
     */
    static long busyTicks(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // after[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(after[11]) + Long.parseLong(after[12]);
    }

    /** Each part's CPU between the two snapshots, busiest first, with a total; empty when nothing was measured. */
    static List<Part> between(Snapshot before, Snapshot after, long leads) {
        if (after.processes().isEmpty()) {
            return List.of();
        }
        double seconds = (after.atNanos() - before.atNanos()) / 1e9;
        Map<String, Long> ticks = new HashMap<>();
        after.processes().forEach((pid, sample) -> {
            Sample earlier = before.processes().get(pid);
            long start = earlier != null && earlier.part().equals(sample.part()) ? earlier.ticks() : 0;
            ticks.merge(sample.part(), Math.max(0, sample.ticks() - start), Long::sum);
        });
        List<Part> parts = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Long> part : ticks.entrySet()) {
            parts.add(part(part.getKey(), part.getValue(), seconds, leads));
            total += part.getValue();
        }
        parts.sort(Comparator.comparingDouble(Part::cores).reversed());
        parts.add(part("total", total, seconds, leads));
        return parts;
    }

    private static Part part(String name, long ticks, double seconds, long leads) {
        double cpuSeconds = ticks / TICKS_PER_SECOND;
        return new Part(name, Math.round(cpuSeconds / seconds * 100) / 100.0,
                leads == 0 ? 0 : Math.round(cpuSeconds * 1000 / leads * 10) / 10.0);
    }
}
