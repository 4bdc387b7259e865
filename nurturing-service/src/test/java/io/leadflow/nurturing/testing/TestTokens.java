package io.leadflow.nurturing.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.leadflow.support.security.DevTokens;
import io.leadflow.support.security.Roles;
import io.restassured.specification.RequestSpecification;

/** Bearer tokens signed with the test key the {@code test} profile trusts. */
public final class TestTokens {

    private static final DevTokens KEY = DevTokens.fromClasspath("test-jwt/private.pem", DevTokens.ISSUER);

    private TestTokens() {
    }

    public static String token(String... roles) {
        return KEY.issue("test-user", List.of(roles), Instant.now(), Duration.ofHours(1));
    }

    public static RequestSpecification as(String... roles) {
        return given().header("Authorization", "Bearer " + token(roles));
    }

    public static RequestSpecification admin() {
        return as(Roles.ADMIN);
    }
}
