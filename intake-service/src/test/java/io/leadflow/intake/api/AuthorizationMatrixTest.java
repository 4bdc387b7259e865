package io.leadflow.intake.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.leadflow.intake.TestTokens;
import io.leadflow.support.security.DevTokens;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Every door of intake and who may open it: admin endpoints take a JWT with the admin role (401 without, 403 with
 * another role); server-to-server doors take an API key (a JWT is not one); public doors check their own signature,
 * origin or token. Every refusal is a problem document.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class AuthorizationMatrixTest {

    static final String API_KEY = "leadflow-test-key";

    record Endpoint(String method, String path, String contentType, String body, int answer) {
        @Override
        public String toString() {
            return method + " " + path;
        }

        ValidatableResponse call(RequestSpecification request) {
            if (contentType != null) {
                request = request.contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8));
            }
            return request.when().request(method, path).then();
        }
    }

    /** Admin endpoints, with what an admin gets for this request. */
    static Stream<Endpoint> adminEndpoints() {
        return Stream.of(
                new Endpoint("POST", "/api/v1/privacy/erasure", "application/json",
                        "{\"email\":\"nobody-" + UUID.randomUUID() + "@example.com\"}", 404),
                new Endpoint("POST", "/api/v1/privacy/erasure", "application/json", "{\"email\":\"not-an-email\"}",
                        400),
                new Endpoint("GET", "/api/v1/privacy/erasure/" + UUID.randomUUID(), null, null, 404),
                new Endpoint("POST", "/api/v1/privacy/exports", "application/json",
                        "{\"email\":\"nobody-" + UUID.randomUUID() + "@example.com\"}", 404),
                new Endpoint("POST", "/api/v1/privacy/exports", "application/json", "{\"leadId\":\"nope\"}", 400),
                new Endpoint("GET", "/api/v1/privacy/exports/" + UUID.randomUUID(), null, null, 404),
                new Endpoint("GET", "/api/v1/privacy/consents?email=nobody-" + UUID.randomUUID() + "@example.com",
                        null, null, 404),
                new Endpoint("GET", "/api/v1/privacy/consents?email=not-an-email", null, null, 400),
                new Endpoint("GET", "/api/v1/admin/spend?month=2019-13", null, null, 400),
                new Endpoint("PUT", "/api/v1/admin/spend/2019-01", "application/json", "[{\"amount\":-1}]", 400));
    }

    /** API-key doors, with what a caller holding a valid key gets for this request. */
    static Stream<Endpoint> apiKeyEndpoints() {
        return Stream.of(
                new Endpoint("POST", "/api/v1/leads", "application/json", "{}", 400),
                new Endpoint("POST", "/api/v1/engagements", "application/json",
                        "{\"leadId\":\"" + UUID.randomUUID() + "\",\"activity\":\"email_opened\"}", 404),
                new Endpoint("GET", "/api/v1/imports/" + UUID.randomUUID(), null, null, 404));
    }

    static Stream<Arguments> adminCallsByRole() {
        return adminEndpoints().flatMap(endpoint -> Roles.ALL.stream().map(role -> Arguments.of(endpoint, role)));
    }

    @ParameterizedTest(name = "{0} without credentials")
    @MethodSource("adminEndpoints")
    void adminEndpointWithoutCredentialsIs401(Endpoint endpoint) {
        endpoint.call(given()).statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer")).body("status", equalTo(401));
    }

    @ParameterizedTest(name = "{0} with an API key or an untrusted token")
    @MethodSource("adminEndpoints")
    void adminEndpointRefusesApiKeysAndUntrustedTokens(Endpoint endpoint) {
        endpoint.call(given().header("X-Api-Key", API_KEY)).statusCode(401).contentType("application/problem+json");
        endpoint.call(given().header("Authorization", "Bearer " + API_KEY)).statusCode(401)
                .contentType("application/problem+json");
        endpoint.call(given().header("Authorization", "Bearer " + DevTokens.local().issue("x", Roles.ADMIN)))
                .statusCode(401).contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("adminCallsByRole")
    void onlyAdminsPass(Endpoint endpoint, String role) {
        if (role.equals(Roles.ADMIN)) {
            endpoint.call(TestTokens.as(role)).statusCode(endpoint.answer()).contentType("application/problem+json");
        } else {
            endpoint.call(TestTokens.as(role)).statusCode(403).contentType("application/problem+json")
                    .body("status", equalTo(403));
        }
    }

    @ParameterizedTest(name = "{0} needs its API key")
    @MethodSource("apiKeyEndpoints")
    void apiKeyDoorsNeedAKeyAndAJwtIsNotOne(Endpoint endpoint) {
        endpoint.call(given()).statusCode(401).contentType("application/problem+json");
        endpoint.call(given().header("X-Api-Key", "wrong-key")).statusCode(401)
                .contentType("application/problem+json");
        endpoint.call(TestTokens.admin()).statusCode(401).contentType("application/problem+json");
        endpoint.call(given().header("X-Api-Key", API_KEY)).statusCode(endpoint.answer())
                .contentType("application/problem+json");
        endpoint.call(given().header("Authorization", "Bearer " + API_KEY)).statusCode(endpoint.answer());
    }

    @Test
    void publicDoorsCheckTheirOwnProof() {
        given().contentType("application/json").body("{}".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/webhooks/partner").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Origin", "https://evil.example").header("Accept", "application/json")
                .formParam("email", "a@b.fr")
                .when().post("/api/v1/forms/demo").then().statusCode(403).contentType("application/problem+json");
        given().when().get("/t/c/not-a-token").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/t/u/not-a-token").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/t/o/not-a-token").then().statusCode(200).contentType("image/gif");
    }

    @Test
    void healthAndMetricsStayPublic() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }

}
