package io.leadflow.scoring.enrichment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.leadflow.events.EventJson;
import io.leadflow.scoring.config.ScoringConfig;
import io.leadflow.scoring.domain.CircuitBreaker;
import io.leadflow.scoring.domain.Firmographics;
import io.leadflow.scoring.persistence.ProviderAnswer;
import io.leadflow.support.net.OutboundUrlGuard;
import io.quarkus.runtime.StartupEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * The optional external firmographics provider, asked over HTTP when the reference table does not know a domain. Off
 * by default. A lead never waits longer than the time-out (retries included); answers, found or not, are cached in
 * the database for the TTL; a failing provider opens a circuit and is left alone for a while. Any failure means the
 * lead is scored without firmographics, never that it is not scored.
 */
@ApplicationScoped
public class FirmographicsProvider {

    private static final Logger LOG = Logger.getLogger(FirmographicsProvider.class);
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_]{0,99}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** The provider's answer, as documented in the README. */
    record Company(String name, String industry, Integer employees, Long annualRevenue, String country,
            String fundingStage, LocalDate fundedOn, Boolean recentNews) {
    }

    private record Answer(Firmographics found, Throwable failure) {
    }

    /** A call that may succeed on a second try (connection error, 5xx). */
    static final class Retryable extends RuntimeException {

        Retryable(String message) {
            super(message, null, false, false);
        }
    }

    @Inject
    ScoringConfig config;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    /** Hosts outbound calls may go to (SSRF guard); the provider's host must be one of them. */
    @ConfigProperty(name = "leadflow.outbound.allowed-hosts")
    java.util.Optional<java.util.List<String>> allowedHosts;

    /** Hosts explicitly allowed to resolve to a private or loopback address. */
    @ConfigProperty(name = "leadflow.outbound.allow-private-hosts")
    java.util.Optional<java.util.List<String>> privateHosts;

    private CircuitBreaker breaker;
    private HttpClient client;
    private volatile boolean refused;

    @PostConstruct
    void init() {
        breaker = new CircuitBreaker(config.provider().failureThreshold(), config.provider().openFor(), clock);
    }

    public boolean enabled() {
        return config.provider().enabled() && config.provider().url().isPresent() && !refused;
    }

    /**
     * The provider's URL must pass the SSRF guard (an allowed host that is not internal unless explicitly allowed);
     * otherwise the provider stays off and scoring carries on without it.
     */
    void checkUrl(@Observes StartupEvent started) {
        if (!config.provider().enabled() || config.provider().url().isEmpty()) {
            return;
        }
        try {
            new OutboundUrlGuard(allowedHosts.orElse(java.util.List.of()), privateHosts.orElse(java.util.List.of()))
                    .check(config.provider().url().get());
        } catch (OutboundUrlGuard.RefusedUrlException e) {
            refused = true;
            error("refused");
            LOG.errorf("The firmographics provider stays off: its URL is refused (%s)", e.getMessage());
        }
    }

    /** The domain's firmographics from the cache or the provider; null when unknown, disabled or failing. */
    public Uni<Firmographics> lookup(String domain) {
        if (!enabled()) {
            return Uni.createFrom().nullItem();
        }
        return ProviderAnswer.<ProviderAnswer> findById(domain).chain(cached -> {
            if (cached != null && cached.fetchedAt.plus(config.provider().cacheTtl()).isAfter(clock.instant())) {
                count(cached.found ? "provider_cache_hit" : "provider_cache_miss");
                return Uni.createFrom().item(cached.found ? read(cached.data) : null);
            }
            if (!breaker.allows()) {
                error("circuit_open");
                return Uni.createFrom().nullItem();
            }
            // A time-out fires off the Vert.x context: come back to it before the session is used again.
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            return ask(domain)
                    .map(found -> new Answer(found, null))
                    .onFailure().recoverWithItem(failure -> new Answer(null, failure))
                    .emitOn(task -> {
                        if (context == null) {
                            task.run();
                        } else {
                            context.runOnContext(ignored -> task.run());
                        }
                    })
                    .chain(answer -> {
                        if (answer.failure() == null) {
                            breaker.succeeded();
                            return remember(cached, domain, answer.found());
                        }
                        breaker.failed();
                        error(answer.failure() instanceof TimeoutException ? "timeout" : "error");
                        LOG.debugf("Firmographics provider failed for %s: %s", domain, answer.failure());
                        return Uni.createFrom().nullItem();
                    });
        });
    }

    /** Asks the provider; null item when it does not know the domain. */
    private Uni<Firmographics> ask(String domain) {
        Duration timeout = config.provider().timeout();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(config.provider().url().get().replaceAll("/+$", "") + "/companies/"
                        + URLEncoder.encode(domain, StandardCharsets.UTF_8))
                .setTimeout(timeout.toMillis())
                .putHeader("Accept", "application/json");
        config.provider().apiKey().ifPresent(key -> request.putHeader("Authorization", "Bearer " + key));
        return http().request(request)
                .chain(req -> req.send())
                .chain(response -> response.body().map(body -> {
                    int status = response.statusCode();
                    if (status == 404) {
                        return (Firmographics) null;
                    }
                    if (status >= 500 || status == 429) {
                        throw new Retryable("provider answered " + status);
                    }
                    if (status != 200) {
                        throw new IllegalStateException("provider answered " + status);
                    }
                    return sanitized(domain, body.toString(StandardCharsets.UTF_8));
                }))
                .onFailure(f -> f instanceof Retryable || f instanceof java.io.IOException
                        || f instanceof io.vertx.core.VertxException)
                .retry().atMost(config.provider().retries())
                .ifNoItem().after(timeout).failWith(TimeoutException::new);
    }

    private Uni<Firmographics> remember(ProviderAnswer cached, String domain, Firmographics found) {
        ProviderAnswer answer = cached != null ? cached : new ProviderAnswer();
        answer.domain = domain;
        answer.found = found != null;
        answer.data = found == null ? null : EventJson.write(found);
        answer.fetchedAt = clock.instant();
        count(found != null ? "provider_hit" : "provider_miss");
        return answer.persist().replaceWith(found);
    }

    /** The provider's JSON, with every field checked: what does not fit is dropped, not stored. */
    static Firmographics sanitized(String domain, String json) {
        Company company;
        try {
            company = EventJson.mapper().readValue(json, Company.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("provider answered JSON that is not a company", e);
        }
        if (company == null || company.name() == null || company.name().isBlank()) {
            return null;
        }
        String industry = company.industry() == null ? null : company.industry().toLowerCase(Locale.ROOT).strip();
        String stage = company.fundingStage() == null ? null
                : company.fundingStage().toLowerCase(Locale.ROOT).strip();
        String country = company.country() == null ? null : company.country().toUpperCase(Locale.ROOT).strip();
        return new Firmographics(domain, company.name().strip().substring(0, Math.min(300,
                company.name().strip().length())),
                industry != null && SLUG.matcher(industry).matches() ? industry : null,
                company.employees() != null && company.employees() >= 0 ? company.employees() : null,
                company.annualRevenue() != null && company.annualRevenue() >= 0 ? company.annualRevenue() : null,
                country != null && COUNTRY.matcher(country).matches() ? country : null,
                stage != null && SLUG.matcher(stage).matches() ? stage : null,
                company.fundedOn(), Boolean.TRUE.equals(company.recentNews()), "provider");
    }

    private static Firmographics read(String data) {
        return data == null ? null : EventJson.read(data, Firmographics.class);
    }

    private synchronized HttpClient http() {
        if (client == null) {
            client = vertx.createHttpClient();
        }
        return client;
    }

    private void count(String result) {
        registry.counter("leadflow.enrichment.lookups", "result", result).increment();
    }

    private void error(String reason) {
        registry.counter("leadflow.enrichment.provider.errors", "reason", reason).increment();
    }
}
