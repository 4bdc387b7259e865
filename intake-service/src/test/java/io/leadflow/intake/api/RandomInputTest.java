package io.leadflow.intake.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.agroal.api.AgroalDataSource;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Random and malformed bodies, headers and files, from fixed seeds so a failure replays: intake never answers 5xx,
 * every error is a problem document, and only accepted submissions leave a lead behind.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class RandomInputTest {

    static final int REQUESTS_PER_SEED = 120;
    static final String[] FIELDS = { "email", "firstName", "lastName", "company", "website", "jobTitle", "phone",
            "country", "language", "timeZone", "source", "campaign", "formType", "marketingConsent",
            "consentTextVersion", "utm", "answers", "score", "" };
    static final String[] CONTENT_TYPES = { "application/json", "application/json; charset=utf-8", "text/plain",
            "text/csv", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/xml",
            "", "*/*" };

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    AgroalDataSource database;

    /** What came back, read whole. */
    record Answer(int statusCode, String contentType, String body, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = { 1, 7, 42, 2026, 90210 })
    void randomLeadsNeverBreakIntakeNorLeaveHalfALead(long seed) throws SQLException {
        Random random = new Random(seed);
        long leadsBefore = count("lead_identity");
        long outboxedBefore = count("consent_record");
        int created = 0;
        int accepted = 0;
        for (int i = 0; i < REQUESTS_PER_SEED; i++) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Api-Key", "leadflow-test-key");
            if (random.nextInt(10) == 0) {
                headers.put("Idempotency-Key", randomText(random, random.nextInt(300)));
            }
            Answer response = post(headers, random, "/api/v1/leads", randomLead(random, seed, i));
            check(response, "POST /api/v1/leads seed " + seed + " #" + i);
            if (response.statusCode() == 202) {
                accepted++;
                if (response.body().contains("\"knownLead\":false")
                        && !"true".equals(response.header("Idempotent-Replayed"))) {
                    created++;
                }
            }
        }
        assertThat(count("lead_identity") - leadsBefore).as("leads created").isEqualTo(created);
        assertThat(count("consent_record") - outboxedBefore).as("consents recorded").isEqualTo(accepted);
    }

    @ParameterizedTest
    @ValueSource(longs = { 3, 11, 99 })
    void randomInputToEveryOtherDoorIsNeverA5xx(long seed) {
        Random random = new Random(seed);
        String[] paths = { "/api/v1/engagements", "/api/v1/webhooks/typeform", "/api/v1/webhooks/partner",
                "/api/v1/webhooks/hubspot", "/api/v1/webhooks/email-events",
                "/api/v1/webhooks/" + segment(randomText(random, 5)), "/api/v1/forms/demo",
                "/api/v1/forms/" + segment(randomText(random, 4)), "/api/v1/imports" };
        for (int i = 0; i < REQUESTS_PER_SEED; i++) {
            String path = paths[random.nextInt(paths.length)];
            Map<String, String> headers = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                headers.put("X-Api-Key", random.nextInt(4) == 0 ? randomText(random, 20) : "leadflow-test-key");
            }
            if (random.nextBoolean()) {
                headers.put("Origin", random.nextBoolean() ? "https://www.example.com" : randomText(random, 30));
            }
            for (String header : new String[] { "Typeform-Signature", "X-Hub-Signature-256", "Leadflow-Signature",
                    "X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp" }) {
                if (random.nextInt(4) == 0) {
                    headers.put(header, random.nextBoolean() ? "sha256=" + randomText(random, 44)
                            : "t=" + random.nextLong() + ",v1=" + randomText(random, 64));
                }
            }
            Object body = switch (random.nextInt(4)) {
                case 0 -> randomJson(random, 0);
                case 1 -> randomCsv(random);
                case 2 -> randomBytes(random);
                default -> "form_key=pk_test_demo_form&email=" + randomText(random, 20) + "&country="
                        + randomText(random, 3) + "&hp_website=" + (random.nextBoolean() ? "" : "x");
            };
            check(post(headers, random, path, body), "POST " + path + " seed " + seed + " #" + i);
        }
        for (int i = 0; i < 30; i++) {
            String token = segment(randomText(random, 1 + random.nextInt(200)));
            Answer pixel = get(Map.of(), "/t/o/" + token);
            assertThat(pixel.statusCode()).as("pixel " + token).isEqualTo(200);
            check(get(Map.of(), "/t/c/" + token), "GET /t/c/" + token);
            check(get(Map.of("X-Api-Key", "leadflow-test-key"), "/api/v1/imports/"
                    + (random.nextBoolean() ? UUID.randomUUID().toString() : token)), "GET /api/v1/imports/" + token);
        }
    }

    private static Answer post(Map<String, String> headers, Random random, String path, Object body) {
        String contentType = random.nextInt(5) == 0 ? CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]
                : path.contains("/forms/") ? "application/x-www-form-urlencoded"
                        : path.contains("/imports") ? "text/csv" : "application/json";
        byte[] bytes = body instanceof byte[] raw ? raw : body.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        headers.forEach((name, value) -> request.header(name, printable(value)));
        return send(request.build());
    }

    private static Answer get(Map<String, String> headers, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }

    private static String segment(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Header values travel as visible ASCII; what cannot is sent as its escaped form. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : "?");
        }
        return out.toString();
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                    values.get(0)));
            return new Answer(response.statusCode(), headers.getOrDefault("content-type", ""), response.body(),
                    headers);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(request.uri().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Never a server error, never a stack trace; every client error is a problem (or a readable form page). */
    private static void check(Answer response, String what) {
        int status = response.statusCode();
        String body = response.body();
        assertThat(status).as(what + " answered " + body).isLessThan(500);
        assertThat(body).as(what).doesNotContain("Exception").doesNotContain("\tat ");
        if (status >= 400) {
            assertThat(response.contentType()).as(what + " " + status + " " + body)
                    .satisfiesAnyOf(type -> assertThat(type).startsWith("application/problem+json"),
                            type -> assertThat(type).startsWith("text/html"));
        }
    }

    private long count(String table) throws SQLException {
        try (Connection connection = database.getConnection();
                ResultSet rows = connection.createStatement().executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static String randomLead(Random random, long seed, int i) {
        if (random.nextInt(8) == 0) {
            return new String(randomBytes(random), StandardCharsets.ISO_8859_1);
        }
        List<String> parts = new ArrayList<>();
        String[] good = { "\"email\": \"fuzz-" + seed + "-" + i + (random.nextInt(3) == 0 ? "" : "-" + random.nextInt(5))
                + "@acme.fr\"", "\"country\": \"FR\"", "\"source\": \"website\"", "\"formType\": \"contact\"",
                "\"marketingConsent\": " + random.nextBoolean() };
        for (String part : good) {
            if (random.nextInt(6) != 0) {
                parts.add(part);
            }
        }
        for (int k = random.nextInt(4); k > 0; k--) {
            parts.add("\"" + FIELDS[random.nextInt(FIELDS.length)] + "\": " + randomJson(random, 1));
        }
        String json = "{" + String.join(", ", parts) + "}";
        if (random.nextInt(10) == 0 && json.length() > 2) {
            json = json.substring(0, random.nextInt(json.length()));
        }
        return json;
    }

    static String randomJson(Random random, int depth) {
        return switch (depth > 2 ? random.nextInt(4) : random.nextInt(7)) {
            case 0 -> "\"" + randomText(random, random.nextInt(random.nextInt(10) == 0 ? 5000 : 40)) + "\"";
            case 1 -> String.valueOf(random.nextInt(20) == 0 ? random.nextDouble() * 1e308 : random.nextInt());
            case 2 -> random.nextBoolean() ? "true" : "null";
            case 3 -> "\"\\u0000\\ud800" + randomText(random, 3) + "\"";
            case 4 -> "[" + randomJson(random, depth + 1) + ", " + randomJson(random, depth + 1) + "]";
            case 5 -> "{\"" + FIELDS[random.nextInt(FIELDS.length)] + "\": " + randomJson(random, depth + 1) + "}";
            default -> "{\"email\": " + randomJson(random, depth + 1) + ", \"activity\": \"email_opened\"}";
        };
    }

    static String randomCsv(Random random) {
        char[] delimiters = { ',', ';', '\t', '|' };
        char d = delimiters[random.nextInt(delimiters.length)];
        StringBuilder csv = new StringBuilder(random.nextBoolean() ? "Email" + d + "Prénom" + d + "Pays\n" : "");
        for (int r = random.nextInt(20); r > 0; r--) {
            csv.append(random.nextInt(5) == 0 ? "\"" : "").append(randomText(random, 12)).append('@').append("x.io")
                    .append(d).append(randomText(random, 6)).append(d).append(random.nextBoolean() ? "FR" : "??")
                    .append(random.nextInt(7) == 0 ? "\r" : "").append('\n');
        }
        return csv.toString();
    }

    static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(2000)];
        random.nextBytes(bytes);
        return bytes;
    }

    static String randomText(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789 .,;:'\"\\/{}[]<>&%$#@!éàüß漢字🙂\t";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
