package io.leadflow.routing.outbound;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.leadflow.support.net.OutboundUrlGuard.RefusedUrlException;
import io.leadflow.support.net.OutboundUrlGuard.UnresolvedHostException;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.Uni;

/**
 * Makes one signed webhook call. The URL passes the outbound guard again right before the call, its name resolved
 * (the allow-list may have changed since it was saved, and a name may resolve elsewhere now; one that does not
 * resolve is retried), redirects are never followed, and the call has a time-out. The signature is
 * {@code Leadflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the webhook's secret>}, so a
 * receiver checks both who sent the body and that it is recent.
 */
@ApplicationScoped
public class OutboundCalls {

    public static final String SIGNATURE = "Leadflow-Signature";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** How a call ended: {@code delivered}, worth retrying, or not (a permanent refusal). */
    public record Result(boolean delivered, boolean retry, String error) {
        static final Result DELIVERED = new Result(true, false, null);

        static Result retry(String error) {
            return new Result(false, true, error);
        }

        static Result refused(String error) {
            return new Result(false, false, error);
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Inject
    OutboundTargets targets;

    @Inject
    Clock clock;

    public Uni<Result> post(String url, String body, String secret, long deliveryId, String eventId) {
        // The guard resolves the host (blocking DNS): on a worker thread, never on the event loop.
        return Uni.createFrom().item(() -> targets.check(url))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(uri -> send(uri, body, secret, deliveryId, eventId))
                .onFailure(UnresolvedHostException.class).recoverWithItem(e -> Result.retry(e.getMessage()))
                .onFailure(RefusedUrlException.class).recoverWithItem(e -> Result.refused("refused: " + e.getMessage()));
    }

    private Uni<Result> send(URI uri, String body, String secret, long deliveryId, String eventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Leadflow-Routing")
                .header("Leadflow-Delivery", Long.toString(deliveryId))
                .header("Leadflow-Event-Id", eventId)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (secret != null) {
            request.header(SIGNATURE, signature(secret, clock.instant().getEpochSecond(), body));
        }
        return Uni.createFrom().completionStage(() -> client.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString()))
                .map(OutboundCalls::result)
                .onFailure().recoverWithItem(failure -> Result.retry(describe(failure)));
    }

    /** {@code t=<seconds>,v1=<hex HMAC-SHA256 of "<seconds>.<body>">}. */
    public static String signature(String secret, long epochSecond, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((epochSecond + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + epochSecond + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static Result result(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return Result.DELIVERED;
        }
        String error = "HTTP " + status + shortBody(response.body());
        // Worth another try: the receiver is busy, throttling or failing; any other refusal will not change.
        return status == 408 || status == 429 || status >= 500 ? Result.retry(error) : Result.refused(error);
    }

    private static String shortBody(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof IOException || failure.getCause() == null ? failure : failure.getCause();
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
