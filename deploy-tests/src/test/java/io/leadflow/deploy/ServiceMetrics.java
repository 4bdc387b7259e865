package io.leadflow.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code leadflow_} metric names the services register, read from their sources: every string literal
 * {@code "leadflow.x.y"} in {@code src/main/java}, as Prometheus names it ({@code leadflow_x_y}). Suffixes Micrometer
 * adds ({@code _total}, {@code _seconds_bucket}, ...) are stripped before comparing.
 */
final class ServiceMetrics {

    static final Pattern LITERAL = Pattern.compile("\"(leadflow\\.[a-z0-9_.]+)\"");
    static final Pattern SUFFIX = Pattern.compile("(_seconds)?(_bucket|_count|_sum|_max)$|_total$");

    private ServiceMetrics() {
    }

    static Set<String> registeredNames() {
        Set<String> names = new TreeSet<>();
        for (String module : new String[] { "service-support", "intake-service", "scoring-service", "routing-service",
                "nurturing-service" }) {
            for (Path source : Repo.files(Repo.ROOT.resolve(module).resolve("src/main/java"), ".java")) {
                try {
                    Matcher matcher = LITERAL.matcher(Files.readString(source));
                    while (matcher.find()) {
                        names.add(matcher.group(1).replace('.', '_'));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return names;
    }

    /** {@code leadflow_time_to_assign_seconds_bucket} to {@code leadflow_time_to_assign}. */
    static String baseName(String metric) {
        String base = SUFFIX.matcher(metric).replaceFirst("");
        return base.endsWith("_seconds") ? base.substring(0, base.length() - "_seconds".length()) : base;
    }
}
