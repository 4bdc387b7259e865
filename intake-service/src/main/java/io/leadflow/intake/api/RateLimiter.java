package io.leadflow.intake.api;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per caller (an API key, an IP address): {@code perMinute} requests a minute, in bursts of up to the
 * same number. In memory, per instance. Idle buckets are dropped once the map grows large.
 */
public final class RateLimiter {

    static final int MAX_TRACKED = 100_000;

    private final Clock clock;
    private final double capacity;
    private final double tokensPerMilli;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock, int perMinute) {
        this.clock = clock;
        this.capacity = perMinute;
        this.tokensPerMilli = perMinute / 60_000.0;
    }

    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }

    /** 0 when the request may go ahead (and it is counted); otherwise how many seconds to wait before retrying. */
    public long retryAfterSeconds(String caller) {
        long now = clock.millis();
        if (buckets.size() > MAX_TRACKED) {
            buckets.values().removeIf(bucket -> bucket.tokens + (now - bucket.updatedAt) * tokensPerMilli >= capacity);
        }
        Bucket bucket = buckets.computeIfAbsent(caller, key -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedAt) * tokensPerMilli);
            bucket.updatedAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / tokensPerMilli / 1000));
        }
    }
}
