package io.leadflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded random-input (fuzz) run against one service: random methods, paths (from its own list, with random or
 * well-formed ids), query parameters, headers, tokens (valid ones among them, so requests reach validation) and bodies
 * of random sizes, over the body cap included. Every answer must be below 500, carry no stack trace, and every error
 * with a body must be a problem document. A failure names the seed and request number, so it replays.
 */
public final class RandomRequests {

    /**
     * What to aim at: {@code paths} with {@code %s} where an id goes; {@code tokens} are valid bearer tokens (an admin's,
     * a rep's); {@code maxBody} is the service's body cap.
     */
    public record Target(int port, List<String> paths, List<String> contentTypes, List<String> queryNames,
            List<String> tokens, int maxBody) {
    }

    static final String[] METHODS = { "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD" };
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RandomRequests() {
    }

    public static void run(Target target, long seed, int requests) throws InterruptedException {
        Random random = new Random(seed);
        for (int i = 0; i < requests; i++) {
            String path = target.paths().get(random.nextInt(target.paths().size())).replace("%s",
                    URLEncoder.encode(random.nextInt(4) == 0 ? new UUID(random.nextLong(), random.nextLong()).toString() : text(random, 40),
                            StandardCharsets.UTF_8));
            if (!target.queryNames().isEmpty() && random.nextBoolean()) {
                path += "?" + target.queryNames().get(random.nextInt(target.queryNames().size())) + "="
                        + URLEncoder.encode(text(random, 12), StandardCharsets.UTF_8) + "&x=" + random.nextInt();
            }
            String method = METHODS[random.nextInt(METHODS.length)];
            byte[] body = body(random, target.maxBody());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, method.equals("GET") || method.equals("HEAD")
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            String contentType = target.contentTypes().get(random.nextInt(target.contentTypes().size()));
            if (!contentType.isEmpty()) {
                request.header("Content-Type", contentType);
            }
            switch (random.nextInt(4)) {
                case 0 -> request.header("Authorization",
                        "Bearer " + target.tokens().get(random.nextInt(target.tokens().size())));
                case 1 -> request.header("Authorization", "Bearer " + header(random, random.nextInt(400)));
                case 2 -> request.header("Authorization", header(random, 30) + "x");
                default -> { }
            }
            if (random.nextInt(5) == 0) {
                request.header("Accept", target.contentTypes().get(random.nextInt(target.contentTypes().size())) + "x");
            }
            String what = method + " " + path + " (seed " + seed + " #" + i + ")";
            HttpResponse<String> response;
            try {
                response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException closed) {
                // Over the cap the server answers 413 and closes while the client is still sending.
                assertThat(body.length).as(what + ": " + closed).isGreaterThan(target.maxBody());
                continue;
            }
            assertThat(response.statusCode()).as(what).isLessThan(500);
            assertThat(response.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ")
                    .doesNotContain("at io.");
            if (response.statusCode() >= 400 && !method.equals("HEAD") && !response.body().isEmpty()) {
                assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what)
                        .startsWith("application/problem+json");
            }
        }
    }

    static byte[] body(Random random, int maxBody) {
        int size = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(20);
            case 2 -> random.nextInt(2_000);
            case 3 -> random.nextInt(Math.min(200_000, maxBody));
            default -> maxBody + 1 + random.nextInt(1_000); // over the cap
        };
        if (random.nextBoolean()) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            return bytes;
        }
        return text(random, size).getBytes(StandardCharsets.UTF_8);
    }

    /** Printable ASCII only: the HTTP client refuses anything else in a header. */
    static String header(Random random, int length) {
        return text(random, length).replaceAll("[^\\x21-\\x7e]", "x");
    }

    static String text(Random random, int length) {
        String alphabet = "abcXYZ019 -_.:/\\\"'{}[],;\n\t#=@%&<>é€\u0000";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
