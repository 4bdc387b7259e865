package io.leadflow.nurturing.api;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.leadflow.nurturing.testing.TestTokens;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.RandomRequests;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Random methods, paths, parameters, headers, tokens and bodies of random sizes against every nurturing endpoint, from
 * fixed seeds so a failure replays: never a 5xx, never a stack trace, every error a problem document.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class RandomInputTest {

    static final List<String> PATHS = List.of("/api/v1/leads/%s/enrollment", "/api/v1/admin/sequences",
            "/api/v1/admin/sequences/%s", "/api/v1/%s", "/%s");
    static final List<String> CONTENT_TYPES = List.of("application/yaml", "text/plain", "application/json",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "*/*", "text/yaml; charset=x");

    @ParameterizedTest
    @ValueSource(longs = { 5, 17, 2026 })
    void randomRequestsNeverBreakNurturing(long seed) throws Exception {
        RandomRequests.run(new RandomRequests.Target(RestAssured.port, PATHS, CONTENT_TYPES, List.of("version"),
                List.of(TestTokens.token(Roles.ADMIN), TestTokens.token(Roles.OPS)), 1024 * 1024), seed, 150);
    }
}
