package io.leadflow.scoring.api;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.leadflow.scoring.TestTokens;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.RandomRequests;
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

    static final List<String> PATHS = List.of("/api/v1/leads/%s/score", "/api/v1/rulesets", "/api/v1/rulesets/%s",
            "/api/v1/rulesets/%s/simulate", "/api/v1/rulesets/%s/publish", "/api/v1/admin/firmographics",
            "/api/v1/admin/firmographics/%s", "/api/v1/%s", "/%s");
    static final List<String> CONTENT_TYPES = List.of("application/yaml", "text/csv", "text/plain", "application/json",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "*/*", "text/yaml; charset=x");

    @ParameterizedTest
    @ValueSource(longs = { 3, 11, 2026 })
    void randomRequestsNeverBreakScoring(long seed) throws Exception {
        int port = io.restassured.RestAssured.port; // the free port this run took (quarkus.http.test-port=0)
        RandomRequests.run(new RandomRequests.Target(port, PATHS, CONTENT_TYPES, List.of("days", "examples"),
                List.of(TestTokens.token(Roles.ADMIN)), 10 * 1024 * 1024), seed, 150);
    }
}
