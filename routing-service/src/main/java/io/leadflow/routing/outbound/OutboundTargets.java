package io.leadflow.routing.outbound;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.leadflow.support.net.OutboundUrlGuard;
import io.leadflow.support.net.OutboundUrlGuard.RefusedUrlException;

/**
 * Which URLs routing may call (webhooks, reps' own webhooks), against server-side request forgery: only hosts on
 * {@code leadflow.outbound.allowed-hosts}, never a private or loopback address unless the host is also on
 * {@code leadflow.outbound.allow-private-hosts}. Checked when a URL is saved and again before every call.
 */
@ApplicationScoped
public class OutboundTargets {

    @ConfigProperty(name = "leadflow.outbound.allowed-hosts")
    Optional<List<String>> allowedHosts;

    @ConfigProperty(name = "leadflow.outbound.allow-private-hosts")
    Optional<List<String>> privateHosts;

    private OutboundUrlGuard guard;

    @PostConstruct
    void init() {
        guard = new OutboundUrlGuard(allowedHosts.orElse(List.of()), privateHosts.orElse(List.of()));
    }

    /**
     * The URL when it may be called; throws {@link RefusedUrlException} saying why not. Resolves the host: a blocking
     * call, made off the event loop.
     */
    public URI check(String url) {
        return guard.check(url);
    }

    /**
     * Checks a URL an admin saves (scheme, allow-list, literal addresses; no DNS look-up on the event loop: names are
     * resolved and checked before every call): why it is refused, or empty.
     */
    public Optional<String> refusal(String url) {
        if (url.length() > 2000) {
            return Optional.of("must be up to 2000 characters");
        }
        try {
            guard.checkWithoutResolving(url);
            return Optional.empty();
        } catch (RefusedUrlException e) {
            return Optional.of(e.getMessage());
        }
    }
}
