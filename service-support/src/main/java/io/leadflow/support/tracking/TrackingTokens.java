package io.leadflow.support.tracking;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.leadflow.events.EventJson;
import io.leadflow.events.MalformedEventException;

/**
 * Signed tokens for the open pixel and tracked links that nurturing puts in emails and intake reads back: the
 * claims as base64url JSON, a dot, and their HMAC-SHA256. Only links to http(s) addresses are ever signed or followed.
 */
public final class TrackingTokens {

    /** What a token says: whose email, which kind ({@code open} or {@code click}), where a click goes, which touch. */
    public record Claims(UUID leadId, String kind, String url, String touchId, Instant expiresAt) {
    }

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] secret;

    public TrackingTokens(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the tracking secret must have at least 16 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String sign(Claims claims) {
        if ("click".equals(claims.kind()) && !isWebAddress(claims.url())) {
            throw new IllegalArgumentException("only http(s) links can be tracked");
        }
        String payload = ENCODER.encodeToString(EventJson.write(claims).getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    /** The claims of a genuine, unexpired token; empty for anything else. */
    public Optional<Claims> verify(String token, Instant now) {
        if (token == null || token.length() > 4096) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        try {
            if (!MessageDigest.isEqual(mac(payload), DECODER.decode(token.substring(dot + 1)))) {
                return Optional.empty();
            }
            Claims claims = EventJson.read(new String(DECODER.decode(payload), StandardCharsets.UTF_8), Claims.class);
            if (claims.leadId() == null || claims.kind() == null
                    || (claims.expiresAt() != null && now.isAfter(claims.expiresAt()))
                    || ("click".equals(claims.kind()) && !isWebAddress(claims.url()))) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (IllegalArgumentException | MalformedEventException e) {
            return Optional.empty();
        }
    }

    static boolean isWebAddress(String url) {
        if (url == null) {
            return false;
        }
        try {
            java.net.URI uri = java.net.URI.create(url);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is always available", e);
        }
    }
}
