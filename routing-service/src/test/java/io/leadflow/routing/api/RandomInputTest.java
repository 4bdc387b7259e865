package io.leadflow.routing.api;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.leadflow.routing.testing.Api;
import io.leadflow.testsupport.RandomRequests;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Random methods, paths, parameters, headers, tokens and bodies of random sizes against every routing endpoint (the
 * admin API, the rep's, the console's files), from fixed seeds so a failure replays: never a 5xx, never a stack trace,
 * every error a problem document. The endless SSE stream is left out (it never answers in full by design).
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class RandomInputTest {

    static final List<String> PATHS = List.of("/api/v1/reps", "/api/v1/reps/%s/assignments", "/api/v1/reps/%s/tasks",
            "/api/v1/reps/%s/presence", "/api/v1/assignments/%s", "/api/v1/assignments/%s/accept",
            "/api/v1/assignments/%s/decline", "/api/v1/assignments/%s/outcome", "/api/v1/assignments/%s/reassign",
            "/api/v1/leads/%s/routing", "/api/v1/admin/teams", "/api/v1/admin/teams/%s", "/api/v1/admin/reps",
            "/api/v1/admin/reps/%s", "/api/v1/admin/rules", "/api/v1/admin/accounts", "/api/v1/admin/accounts/%s",
            "/api/v1/admin/webhooks", "/api/v1/admin/webhooks/%s", "/api/v1/admin/webhooks/%s/deliveries",
            "/api/v1/me", "/ws/reps/%s", "/console/%s", "/api/v1/%s", "/%s");
    static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "*/*",
            "application/json; charset=x");

    @ParameterizedTest
    @ValueSource(longs = { 7, 13, 2026 })
    void randomRequestsNeverBreakRouting(long seed) throws Exception {
        RandomRequests.run(new RandomRequests.Target(RestAssured.port, PATHS, CONTENT_TYPES,
                List.of("access_token", "repId"), List.of(Api.ADMIN, Api.repToken(UUID.nameUUIDFromBytes("fuzz-rep".getBytes()))), 1024 * 1024),
                seed, 150);
    }
}
