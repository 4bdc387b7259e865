package io.leadflow.bench;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** A latency distribution in milliseconds, recorded from many threads (HdrHistogram, 3 significant digits). */
public final class Latency {

    /** The percentiles a report shows, in milliseconds. */
    public record Summary(long count, double p50, double p95, double p99, double p999, double max, double mean) {
    }

    private final Recorder recorder = new Recorder(TimeUnit.MINUTES.toNanos(10), 3);
    private final Histogram total = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);

    public void record(long nanos) {
        recorder.recordValue(Math.max(0, Math.min(nanos, TimeUnit.MINUTES.toNanos(10))));
    }

    public synchronized Summary summary() {
        total.add(recorder.getIntervalHistogram());
        return new Summary(total.getTotalCount(), ms(total.getValueAtPercentile(50)),
                ms(total.getValueAtPercentile(95)), ms(total.getValueAtPercentile(99)),
                ms(total.getValueAtPercentile(99.9)), ms(total.getMaxValue()),
                Math.round(total.getMean() / 1_000) / 1_000.0);
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
