package io.leadflow.intake.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.leadflow.intake.config.IntakeConfig;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;

/** The API keys of server-to-server callers ({@code X-Api-Key} or {@code Authorization: Bearer}), one source each. */
@ApplicationScoped
public class ApiKeys {

    private record Key(String source, byte[] secret) {
    }

    private final List<Key> keys;

    public ApiKeys(IntakeConfig config) {
        this.keys = config.apiKeys().orElse(List.of()).stream()
                .filter(entry -> entry.contains("="))
                .map(entry -> new Key(entry.substring(0, entry.indexOf('=')).strip(),
                        entry.substring(entry.indexOf('=') + 1).strip().getBytes(StandardCharsets.UTF_8)))
                .filter(key -> !key.source().isEmpty() && key.secret().length > 0)
                .toList();
    }

    /** The source the caller's key belongs to; a missing or unknown key is a 401 problem. */
    public String authenticate(String apiKey, String authorization) {
        String presented = apiKey != null ? apiKey
                : authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? authorization.substring(7).strip() : null;
        if (presented == null || presented.isEmpty()) {
            throw unauthorized("An API key is required: send it as X-Api-Key or Authorization: Bearer.");
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        String source = null;
        // Every key is compared, in constant time, so the answer's timing says nothing about which one nearly matched.
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.secret(), candidate) && source == null) {
                source = key.source();
            }
        }
        if (source == null) {
            throw unauthorized("The API key is not valid.");
        }
        return source;
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(Response.Status.UNAUTHORIZED, "unauthorized", detail));
    }
}
