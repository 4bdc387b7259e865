package io.leadflow.nurturing.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.leadflow.testsupport.GreenMailSmtp;
import io.leadflow.nurturing.testing.TestTokens;
import io.leadflow.support.security.DevTokens;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Every endpoint of nurturing, called with no credentials, a bad token, every role that may not call it and every
 * role that may: 401, 403 (both problem documents) or what the endpoint answers to that request.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@QuarkusTestResource(GreenMailSmtp.class)
class AuthorizationMatrixTest {

    /** One endpoint: the request, the roles allowed, and what an allowed caller gets for this request. */
    record Endpoint(String method, String path, String body, Set<String> allowed, int answer) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Endpoint> endpoints() {
        Set<String> readers = Set.of(Roles.ADMIN, Roles.OPS);
        return Stream.of(
                new Endpoint("GET", "/api/v1/leads/" + UUID.randomUUID() + "/enrollment", null, Roles.ALL, 404),
                new Endpoint("GET", "/api/v1/admin/sequences", null, readers, 200),
                new Endpoint("GET", "/api/v1/admin/sequences/no-such-sequence", null, readers, 404),
                // An empty sequence is refused: an allowed caller gets 400 and nothing changes.
                new Endpoint("PUT", "/api/v1/admin/sequences/matrix", "{}", Set.of(Roles.ADMIN), 400));
    }

    static Stream<Arguments> callsByRole() {
        return endpoints().flatMap(endpoint -> Roles.ALL.stream().map(role -> Arguments.of(endpoint, role)));
    }

    static ValidatableResponse call(RequestSpecification request, Endpoint endpoint) {
        if (endpoint.body() != null) {
            request = request.contentType("application/json").body(endpoint.body().getBytes(StandardCharsets.UTF_8));
        }
        return request.when().request(endpoint.method(), endpoint.path()).then();
    }

    @ParameterizedTest(name = "{0} without credentials")
    @MethodSource("endpoints")
    void withoutCredentialsIs401(Endpoint endpoint) {
        call(given(), endpoint).statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer")).body("status", equalTo(401));
    }

    @ParameterizedTest(name = "{0} with a token not signed by a trusted key")
    @MethodSource("endpoints")
    void untrustedOrExpiredTokenIs401(Endpoint endpoint) {
        String forged = DevTokens.local().issue("intruder", Roles.ADMIN); // the public dev key: not trusted in test
        call(given().header("Authorization", "Bearer " + forged), endpoint).statusCode(401)
                .contentType("application/problem+json");
        String expired = DevTokens.fromClasspath("test-jwt/private.pem", DevTokens.ISSUER).issue("late",
                List.of(Roles.ADMIN), Instant.now().minus(Duration.ofHours(3)), Duration.ofHours(1));
        call(given().header("Authorization", "Bearer " + expired), endpoint).statusCode(401)
                .contentType("application/problem+json");
        call(given().header("Authorization", "Bearer not.a.jwt"), endpoint).statusCode(401)
                .contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("callsByRole")
    void eachRoleGetsWhatTheMatrixSays(Endpoint endpoint, String role) {
        if (endpoint.allowed().contains(role)) {
            call(TestTokens.as(role), endpoint).statusCode(endpoint.answer());
        } else {
            call(TestTokens.as(role), endpoint).statusCode(403).contentType("application/problem+json")
                    .body("status", equalTo(403));
        }
    }

    @ParameterizedTest(name = "{0} with a token without any Leadflow role")
    @MethodSource("endpoints")
    void aTokenWithoutRoleIs403(Endpoint endpoint) {
        call(TestTokens.as("marketing"), endpoint).statusCode(403).contentType("application/problem+json");
    }

    @Test
    void healthAndMetricsStayPublic() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
