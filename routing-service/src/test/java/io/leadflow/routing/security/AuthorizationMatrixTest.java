package io.leadflow.routing.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Topics;
import io.leadflow.routing.testing.Api;
import io.leadflow.routing.testing.MovableClock;
import io.leadflow.routing.testing.RoutingFixture;
import io.leadflow.support.security.DevTokens;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Every endpoint of routing, called with no credentials, an untrusted token, every role that may not call it, another
 * rep's token and the right one: 401 and 403 as problem documents, 404 for another rep's data (its existence is not
 * confirmed), and what the endpoint answers to that request for an allowed caller.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class AuthorizationMatrixTest {

    /** The owner rep, another rep, and an assignment of the owner's, made once for the class. */
    static UUID owner;
    static UUID otherRep;
    static LeadAssignment assignment;

    @Inject
    MovableClock clock;

    /**
     * One endpoint: the request, the roles allowed, what an allowed caller gets, and whether it is a rep's own (then a
     * rep token names the rep in the path or holds the assignment, and another rep gets 404).
     */
    record Endpoint(String method, String path, String body, Set<String> allowed, int answer, boolean repOwned) {
        @Override
        public String toString() {
            return method + " " + path.replaceAll("[0-9a-f-]{36}", "{id}");
        }
    }

    @BeforeEach
    void placeOneAssignment() {
        if (assignment != null) {
            return;
        }
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        owner = fixture.rep("Matrix Owner", 50);
        fixture.rule("weighted_round_robin");
        RoutingFixture elsewhere = new RoutingFixture().team(null, null);
        otherRep = elsewhere.rep("Matrix Other", 50);
        LeadScored lead = fixture.hotLead(clock.instant(), "matrix-" + UUID.randomUUID() + ".fr");
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
        assignment = Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);
        assertThat(assignment.repId()).isEqualTo(owner);
    }

    static Stream<Endpoint> endpoints() {
        Set<String> admins = Set.of(Roles.ADMIN);
        Set<String> readers = Set.of(Roles.ADMIN, Roles.OPS);
        Set<String> repsOwn = Set.of(Roles.ADMIN, Roles.REP);
        String rep = "/api/v1/reps/" + owner;
        String a = "/api/v1/assignments/" + assignment.assignmentId();
        return Stream.of(
                new Endpoint("GET", "/api/v1/admin/teams", null, admins, 200, false),
                new Endpoint("PUT", "/api/v1/admin/teams/matrix", "{\"ackTimeout\":\"soon\"}", admins, 400, false),
                new Endpoint("GET", "/api/v1/admin/reps", null, admins, 200, false),
                new Endpoint("POST", "/api/v1/admin/reps", "{}", admins, 400, false),
                new Endpoint("PUT", "/api/v1/admin/reps/" + owner, "{}", admins, 400, false),
                new Endpoint("GET", "/api/v1/admin/rules", null, admins, 200, false),
                new Endpoint("PUT", "/api/v1/admin/rules", "[{}]", admins, 400, false),
                new Endpoint("GET", "/api/v1/admin/accounts", null, admins, 200, false),
                new Endpoint("PUT", "/api/v1/admin/accounts/matrix.example", "{}", admins, 400, false),
                new Endpoint("DELETE", "/api/v1/admin/accounts/nobody-" + UUID.randomUUID() + ".example", null,
                        admins, 404, false),
                new Endpoint("POST", a + "/reassign", "{}", admins, 400, false),
                new Endpoint("GET", "/api/v1/reps", null, readers, 200, false),
                new Endpoint("GET", "/api/v1/leads/" + assignment.leadId() + "/routing", null, readers, 200, false),
                new Endpoint("GET", "/api/v1/me", null, Roles.ALL, 200, false),
                new Endpoint("GET", a, null, Roles.ALL, 200, true),
                new Endpoint("POST", a + "/accept", null, repsOwn, 200, true),
                new Endpoint("POST", a + "/decline", "{}", repsOwn, 400, true),
                new Endpoint("POST", a + "/outcome", "{}", repsOwn, 400, true),
                new Endpoint("GET", rep + "/assignments", null, repsOwn, 200, true),
                new Endpoint("GET", rep + "/tasks", null, repsOwn, 200, true),
                new Endpoint("PUT", rep + "/presence", "{\"status\":\"asleep\"}", repsOwn, 400, true));
    }

    /** The token of a caller in this role: a rep token names the owner rep (the right rep). */
    static String token(String role) {
        return Roles.REP.equals(role) ? Api.repToken(owner) : Api.TOKENS.issue("matrix-" + role, role);
    }

    static ValidatableResponse call(RequestSpecification request, Endpoint endpoint) {
        if (endpoint.body() != null) {
            request = request.contentType("application/json").body(endpoint.body().getBytes(StandardCharsets.UTF_8));
        }
        return request.when().request(endpoint.method(), endpoint.path()).then();
    }

    @Test
    void everyEndpointAnswersAsDocumentedForEveryCaller() {
        List<Endpoint> all = endpoints().toList();
        for (Endpoint endpoint : all) {
            call(RestAssured.given(), endpoint).statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Bearer")).body("status", equalTo(401));

            DevTokens stranger = DevTokens.fromClasspath("leadflow/dev-jwt/private.pem", DevTokens.ISSUER);
            call(RestAssured.given().auth().oauth2(stranger.issue("intruder", Roles.ADMIN)), endpoint)
                    .statusCode(401).contentType("application/problem+json");
            String expired = Api.TOKENS.issue("late", List.of(Roles.ADMIN), Instant.now().minus(Duration.ofDays(2)),
                    Duration.ofHours(1));
            call(RestAssured.given().auth().oauth2(expired), endpoint).statusCode(401);

            for (String role : Roles.ALL) {
                ValidatableResponse answer = call(RestAssured.given().auth().oauth2(token(role)), endpoint);
                if (endpoint.allowed().contains(role)) {
                    answer.statusCode(endpoint.answer());
                } else {
                    answer.statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
                }
            }
            if (endpoint.repOwned()) {
                call(RestAssured.given().auth().oauth2(Api.repToken(otherRep)), endpoint)
                        .statusCode(404).contentType("application/problem+json");
            }
        }
    }

    @Test
    void aRepTokenThatNamesNoRepReadsNothing() {
        String notARep = Api.TOKENS.issue("someone@idp", Roles.REP);
        RestAssured.given().auth().oauth2(notARep).get("/api/v1/reps/" + owner + "/assignments").then()
                .statusCode(404);
    }

    @Test
    void healthAndMetricsArePublic() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void theEventStreamTakesTheTokenAsAQueryParameterAndOnlyTheRepsOwn() throws Exception {
        String stream = "/api/v1/reps/" + owner + "/assignments/stream";
        assertThat(sseStatus(stream, null)).isEqualTo(401);
        assertThat(sseStatus(stream, token(Roles.OPS))).isEqualTo(403);
        assertThat(sseStatus(stream, Api.repToken(otherRep))).isEqualTo(404);
        assertThat(sseStatus(stream, Api.repToken(owner))).isEqualTo(200);
        assertThat(sseStatus(stream, Api.ADMIN)).isEqualTo(200);
    }

    @Test
    void theSocketIsClosedForAnyoneButTheRepOrAnAdmin() throws Exception {
        String path = "/ws/reps/" + owner;
        assertThat(refusal(path)).isEqualTo(1008);
        assertThat(refusal(path + "?access_token=" + token(Roles.OPS))).isEqualTo(1008);
        assertThat(refusal(path + "?access_token=" + Api.repToken(otherRep))).isEqualTo(1008);
        assertThat(refusal(path + "?access_token=not-a-token")).isEqualTo(1008);
        assertThat(presence()).isEqualTo("offline");
        for (String token : List.of(Api.repToken(owner), Api.ADMIN)) {
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket ws = open(path + "?access_token=" + token, closed);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "online".equals(presence()));
                assertThat(closed).isNotDone();
            } finally {
                ws.abort();
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "offline".equals(presence()));
        }
    }

    static String presence() {
        return Api.given().get("/api/v1/reps").then().statusCode(200).extract().jsonPath()
                .getString("find { it.id == '" + owner + "' }.presence");
    }

    /** The close code the server answers with, without any message before it. */
    static int refusal(String pathAndQuery) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = open(pathAndQuery, closed);
        try {
            return closed.get(20, TimeUnit.SECONDS);
        } finally {
            ws.abort();
        }
    }

    static WebSocket open(String pathAndQuery, CompletableFuture<Integer> closed) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + RestAssured.port + pathAndQuery), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        if (!closed.isDone()) {
                            webSocket.request(1);
                        }
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).get(20, TimeUnit.SECONDS);
    }

    static int sseStatus(String path, String token) throws Exception {
        String uri = "http://localhost:" + RestAssured.port + path + (token == null ? "" : "?access_token=" + token);
        CompletableFuture<HttpResponse<Stream<String>>> response = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(uri)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        try {
            return response.get(20, TimeUnit.SECONDS).statusCode();
        } finally {
            response.thenAccept(r -> r.body().close());
            response.cancel(true);
        }
    }
}
