package io.leadflow.scoring.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.leadflow.scoring.TestTokens;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Random methods, paths, parameters, headers, tokens and bodies of random sizes against every scoring endpoint, from
 * fixed seeds so a failure replays: never a 5xx, never a stack trace, every error a problem document.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class RandomInputTest {

    static final int REQUESTS_PER_SEED = 150;
    static final int MAX_BODY = 10 * 1024 * 1024;
    static final String[] PATHS = { "/api/v1/leads/%s/score", "/api/v1/rulesets", "/api/v1/rulesets/%s",
            "/api/v1/rulesets/%s/simulate", "/api/v1/rulesets/%s/publish", "/api/v1/admin/firmographics",
            "/api/v1/admin/firmographics/%s", "/api/v1/%s", "/%s" };
    static final String[] METHODS = { "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD" };
    static final String[] CONTENT_TYPES = { "application/yaml", "text/csv", "text/plain", "application/json",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "*/*", "text/yaml; charset=x" };
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest
    @ValueSource(longs = { 3, 11, 2026 })
    void randomRequestsNeverBreakScoring(long seed) throws Exception {
        Random random = new Random(seed);
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        String admin = TestTokens.token(Roles.ADMIN);
        for (int i = 0; i < REQUESTS_PER_SEED; i++) {
            String path = PATHS[random.nextInt(PATHS.length)].replace("%s", URLEncoder.encode(
                    random.nextInt(4) == 0 ? java.util.UUID.randomUUID().toString() : text(random, 40),
                    StandardCharsets.UTF_8));
            if (random.nextBoolean()) {
                path += "?days=" + URLEncoder.encode(text(random, 12), StandardCharsets.UTF_8) + "&examples="
                        + random.nextInt();
            }
            String method = METHODS[random.nextInt(METHODS.length)];
            byte[] body = body(random);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, method.equals("GET") || method.equals("HEAD")
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            String contentType = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
            if (!contentType.isEmpty()) {
                request.header("Content-Type", contentType);
            }
            switch (random.nextInt(4)) {
                case 0 -> request.header("Authorization", "Bearer " + admin);
                case 1 -> request.header("Authorization", "Bearer " + header(random, random.nextInt(400)));
                case 2 -> request.header("Authorization", header(random, 30) + "x");
                default -> { }
            }
            if (random.nextInt(5) == 0) {
                request.header("Accept", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)] + "x");
            }
            HttpResponse<String> response;
            try {
                response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException closed) {
                // Over the 10 MB cap the server answers 413 and closes while the client is still sending.
                assertThat(body.length).as(method + " " + path + ": " + closed).isGreaterThan(MAX_BODY);
                continue;
            }
            String what = method + " " + path + " seed " + seed + " #" + i;
            assertThat(response.statusCode()).as(what).isLessThan(500);
            assertThat(response.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ")
                    .doesNotContain("at io.");
            if (response.statusCode() >= 400 && !method.equals("HEAD") && !response.body().isEmpty()) {
                assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what)
                        .startsWith("application/problem+json");
            }
        }
    }

    static byte[] body(Random random) {
        int size = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(20);
            case 2 -> random.nextInt(2_000);
            case 3 -> random.nextInt(200_000);
            default -> MAX_BODY + 1 + random.nextInt(1_000); // over the cap
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
