package io.leadflow.intake.api;

import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.leadflow.intake.config.IntakeConfig;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;

/** Intake's limits: per API key for server-to-server calls, per IP address for the public endpoints. */
@ApplicationScoped
public class RateLimits {

    private final RateLimiter perKey;
    private final Map<String, RateLimiter> perSource;
    private final RateLimiter perIp;
    private final IntakeMetrics metrics;

    public RateLimits(Clock clock, IntakeConfig config, IntakeMetrics metrics) {
        this.perKey = new RateLimiter(clock, config.rateLimit().perKeyPerMinute());
        this.perSource = config.rateLimit().perSourcePerMinute().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> new RateLimiter(clock, e.getValue())));
        this.perIp = new RateLimiter(clock, config.rateLimit().perIpPerMinute());
        this.metrics = metrics;
    }

    public void checkKey(String source) {
        check(perSource.getOrDefault(source, perKey).retryAfterSeconds("key:" + source));
    }

    public void checkIp(String ip) {
        check(perIp.retryAfterSeconds("ip:" + ip));
    }

    private void check(long retryAfter) {
        if (retryAfter > 0) {
            metrics.rejected("rate_limited");
            throw new ProblemException(Problem.of(429, "Too Many Requests", "rate-limited",
                    "Too many requests; retry in " + retryAfter + " s.")).withHeader("Retry-After", retryAfter);
        }
    }
}
