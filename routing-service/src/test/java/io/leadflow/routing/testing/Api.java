package io.leadflow.routing.testing;

import java.util.UUID;

import io.leadflow.support.security.DevTokens;
import io.leadflow.support.security.Roles;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Requests of the flow tests, signed with the test key: an admin by default (flows are about routing, not about
 * who may call; {@code AuthorizationMatrixTest} is), a rep's own token where a test wants one.
 */
public final class Api {

    public static final DevTokens TOKENS = DevTokens.fromClasspath("test-jwt/private.pem", DevTokens.ISSUER);
    public static final String ADMIN = TOKENS.issue("test-admin", Roles.ADMIN);

    private Api() {
    }

    /** {@code RestAssured.given()} as an admin. */
    public static RequestSpecification given() {
        return RestAssured.given().auth().oauth2(ADMIN);
    }

    public static String repToken(UUID repId) {
        return TOKENS.issue(repId.toString(), Roles.REP);
    }

    /** The id part of {@code /ws/reps/{id}} with the rep's own token, as a browser sends it. */
    public static String socketOf(Object repId) {
        return repId + "?access_token=" + TOKENS.issue(repId.toString(), Roles.REP);
    }
}
