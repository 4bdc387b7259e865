package io.leadflow.intake.api;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature schemes of real webhook senders, each checked in constant time against every configured secret (two
 * during a rotation), with a five-minute tolerance where the scheme carries a timestamp.
 * <ul>
 * <li>{@code typeform}: {@code Typeform-Signature: sha256=<base64 HMAC-SHA256 of the raw body>}</li>
 * <li>{@code hub-signature-256} (Meta, GitHub and many others): {@code X-Hub-Signature-256: sha256=<hex HMAC>}</li>
 * <li>{@code hubspot-v3}: {@code X-HubSpot-Signature-v3}, base64 HMAC-SHA256 of method, full URI, body and
 * {@code X-HubSpot-Request-Timestamp} (milliseconds)</li>
 * <li>{@code timestamped-hmac} (in the style of Stripe): {@code t=<unix seconds>,v1=<hex HMAC of "t.body">}</li>
 * </ul>
 */
public final class WebhookSignatures {

    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** What a check needs of the request; {@code header} looks a header up by name, case-insensitively. */
    public record SignedRequest(String method, String uri, byte[] body, Function<String, String> header) {
    }

    /** Why a delivery was refused; null in {@link #verify} means it is genuine. */
    public enum Refusal {
        MISSING("the signature header is missing"),
        STALE("the signature's timestamp is more than five minutes away"),
        MISMATCH("the signature does not match");

        public final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }
    }

    private WebhookSignatures() {
    }

    public static List<String> schemes() {
        return List.of("typeform", "hub-signature-256", "hubspot-v3", "timestamped-hmac");
    }

    /** Null when the request is signed with one of the secrets; otherwise why not. */
    public static Refusal verify(String scheme, List<String> secrets, String signatureHeader, SignedRequest request,
            Instant now) {
        switch (scheme) {
            case "typeform": {
                String presented = request.header().apply("Typeform-Signature");
                if (presented == null || !presented.startsWith("sha256=")) {
                    return Refusal.MISSING;
                }
                return anyMatches(secrets, secret -> "sha256=" + base64(hmac(secret, request.body())), presented);
            }
            case "hub-signature-256": {
                String presented = request.header().apply("X-Hub-Signature-256");
                if (presented == null || !presented.startsWith("sha256=")) {
                    return Refusal.MISSING;
                }
                return anyMatches(secrets, secret -> "sha256=" + hex(hmac(secret, request.body())),
                        presented.toLowerCase(java.util.Locale.ROOT));
            }
            case "hubspot-v3": {
                String presented = request.header().apply("X-HubSpot-Signature-v3");
                String timestamp = request.header().apply("X-HubSpot-Request-Timestamp");
                if (presented == null || timestamp == null) {
                    return Refusal.MISSING;
                }
                Instant signedAt = parseEpoch(timestamp, true);
                if (signedAt == null || tooFar(signedAt, now)) {
                    return Refusal.STALE;
                }
                byte[] signed = concat(request.method() + hubSpotUri(request.uri()), request.body(), timestamp);
                return anyMatches(secrets, secret -> base64(hmac(secret, signed)), presented);
            }
            case "timestamped-hmac": {
                String presented = request.header().apply(signatureHeader);
                if (presented == null) {
                    return Refusal.MISSING;
                }
                Map<String, List<String>> parts = parts(presented);
                List<String> timestamps = parts.getOrDefault("t", List.of());
                List<String> signatures = parts.getOrDefault("v1", List.of());
                if (timestamps.size() != 1 || signatures.isEmpty()) {
                    return Refusal.MISSING;
                }
                Instant signedAt = parseEpoch(timestamps.get(0), false);
                if (signedAt == null || tooFar(signedAt, now)) {
                    return Refusal.STALE;
                }
                byte[] signed = concat(timestamps.get(0) + ".", request.body(), "");
                for (String signature : signatures) {
                    if (anyMatches(secrets, secret -> hex(hmac(secret, signed)), signature) == null) {
                        return null;
                    }
                }
                return Refusal.MISMATCH;
            }
            default:
                throw new IllegalArgumentException("unknown signature scheme " + scheme + "; use one of " + schemes());
        }
    }

    /** HubSpot signs the URI with these characters decoded. */
    static String hubSpotUri(String uri) {
        String[][] decoded = { { "%3A", ":" }, { "%2F", "/" }, { "%3F", "?" }, { "%40", "@" }, { "%21", "!" },
                { "%24", "$" }, { "%27", "'" }, { "%28", "(" }, { "%29", ")" }, { "%2A", "*" }, { "%2C", "," },
                { "%3B", ";" } };
        String result = uri;
        for (String[] pair : decoded) {
            result = result.replace(pair[0], pair[1]).replace(pair[0].toLowerCase(java.util.Locale.ROOT), pair[1]);
        }
        return result;
    }

    private static Refusal anyMatches(List<String> secrets, Function<String, String> expected, String presented) {
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (String secret : secrets) {
            matched |= MessageDigest.isEqual(expected.apply(secret).getBytes(StandardCharsets.UTF_8), candidate);
        }
        return matched ? null : Refusal.MISMATCH;
    }

    private static boolean tooFar(Instant signedAt, Instant now) {
        return Duration.between(signedAt, now).abs().compareTo(TOLERANCE) > 0;
    }

    private static Instant parseEpoch(String value, boolean millis) {
        try {
            long number = Long.parseLong(value.strip());
            return millis ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, List<String>> parts(String header) {
        Map<String, List<String>> parts = new java.util.HashMap<>();
        for (String part : header.split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.computeIfAbsent(part.substring(0, equals).strip(), k -> new ArrayList<>())
                        .add(part.substring(equals + 1).strip());
            }
        }
        return parts;
    }

    private static byte[] concat(String before, byte[] body, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        System.arraycopy(tail, 0, all, head.length + body.length, tail.length);
        return all;
    }

    public static byte[] hmac(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is always available", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
