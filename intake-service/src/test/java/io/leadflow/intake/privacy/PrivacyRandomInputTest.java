package io.leadflow.intake.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.leadflow.intake.TestTokens;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The privacy endpoints and random bearer tokens on every intake door, from fixed seeds: never a 5xx, never a stack
 * trace, errors as problem documents. (The lead doors' own random-input suite is {@code api.RandomInputTest}.)
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class PrivacyRandomInputTest {

    static final String[] PATHS = { "/api/v1/privacy/erasure", "/api/v1/privacy/erasure/%s", "/api/v1/leads",
            "/api/v1/engagements", "/api/v1/imports/%s", "/api/v1/privacy/%s", "/api/v1/privacy/exports",
            "/api/v1/privacy/exports/%s", "/api/v1/privacy/consents?email=%s" };
    static final String[] METHODS = { "GET", "POST", "PUT", "DELETE" };
    static final String[] BODIES = { "{\"email\":\"%s\"}", "{\"leadId\":\"%s\"}", "{\"email\":%s}", "[%s]", "%s",
            "{\"email\":\"a@b.fr\",\"leadId\":\"%s\"}", "{\"email\":null,\"leadId\":null}", "" };
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest
    @ValueSource(longs = { 5, 17, 2027 })
    void randomPrivacyRequestsAndTokensNeverBreakIntake(long seed) throws Exception {
        Random random = new Random(seed);
        int port = io.restassured.RestAssured.port; // the free port this run took (quarkus.http.test-port=0)
        String admin = TestTokens.token(Roles.ADMIN);
        for (int i = 0; i < 120; i++) {
            String path = PATHS[random.nextInt(PATHS.length)].replace("%s",
                    URLEncoder.encode(text(random, 40), StandardCharsets.UTF_8));
            String method = METHODS[random.nextInt(METHODS.length)];
            String body = BODIES[random.nextInt(BODIES.length)].replace("%s", text(random, random.nextInt(3) == 0
                    ? 5_000 : 60));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", random.nextBoolean()
                            ? "application/json" : "text/plain")
                    .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            switch (random.nextInt(3)) {
                case 0 -> request.header("Authorization", "Bearer " + admin);
                case 1 -> request.header("Authorization", "Bearer " + text(random, 200)
                        .replaceAll("[^\\x21-\\x7e]", "x"));
                default -> { }
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String what = method + " " + path + " seed " + seed + " #" + i;
            assertThat(response.statusCode()).as(what).isLessThan(500);
            assertThat(response.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
            if (response.statusCode() >= 400 && !response.body().isEmpty()) {
                assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what)
                        .startsWith("application/problem+json");
            }
        }
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
