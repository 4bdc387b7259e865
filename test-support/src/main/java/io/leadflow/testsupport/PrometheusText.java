package io.leadflow.testsupport;

/** Reads values out of a service's {@code /q/metrics} page (Prometheus text format). */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum of every sample whose line starts with {@code series} (a name, or a name with the start of its labels). */
    public static double sum(String metrics, String series) {
        return metrics.lines()
                .filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
