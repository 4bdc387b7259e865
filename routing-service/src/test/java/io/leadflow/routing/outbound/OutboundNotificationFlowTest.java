package io.leadflow.routing.outbound;

import static io.leadflow.routing.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Topics;
import io.leadflow.routing.testing.Api;
import io.leadflow.routing.testing.MovableClock;
import io.leadflow.routing.testing.RoutingFixture;
import io.leadflow.testsupport.GreenMailSmtp;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.RepSocketClient;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Outbound notifications against real receivers: a webhook server on loopback and an SMTP server (GreenMail). Lifecycle
 * events reach webhooks signed and are retried after a failure; a rep without a console hears of a new lead by email
 * and on their own webhook, a rep with one open does not.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@QuarkusTestResource(GreenMailSmtp.class)
class OutboundNotificationFlowTest {

    static final String SECRET = "a-webhook-secret-of-32-characters";
    static WebhookReceiver receiver;

    @Inject
    MovableClock clock;

    @Inject
    Pool pool;

    @Inject
    OutboundDeliveries deliveries;

    @BeforeAll
    static void startReceiver() {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static LeadAssignment route(RoutingFixture fixture, LeadScored lead) {
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
        return Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);
    }

    static void assertSigned(WebhookReceiver.Call call, String secret) {
        String signature = call.header("Leadflow-Signature");
        assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
        long t = Long.parseLong(signature.substring(2, signature.indexOf(',')));
        assertThat(signature).isEqualTo(OutboundCalls.signature(secret, t, call.body()));
        assertThat(OutboundCalls.signature("another-secret-entirely", t, call.body())).isNotEqualTo(signature);
    }

    List<String> states(UUID leadId, String kind) {
        return pool.preparedQuery("select state from outbound_delivery where lead_id = $1 and kind = $2")
                .execute(Tuple.of(leadId, kind)).await().atMost(Duration.ofSeconds(10))
                .stream().map(row -> row.getString("state")).toList();
    }

    @Test
    void lifecycleEventsReachAWebhookSignedAndAFailedCallIsRetried() {
        String path = "/crm-" + UUID.randomUUID();
        String webhookId = given().contentType(ContentType.JSON).body(EventJson.write(Map.of("name", "CRM",
                "url", receiver.url(path), "secret", SECRET, "statuses", List.of("assigned", "accepted"))))
                .when().post("/api/v1/admin/webhooks")
                .then().statusCode(201).body("secret", nullValue()).body("format", equalTo("event"))
                .extract().path("id");
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        fixture.rep("Wendy", 5);
        fixture.rule("weighted_round_robin");
        receiver.answer(path, 503);

        LeadAssignment assigned = route(fixture, fixture.hotLead(clock.instant(), "hook-" + UUID.randomUUID() + ".fr"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.calls(path).size() == 1);
        // The first call failed (503): the next attempt waits for the back-off, which the test's clock skips.
        clock.advance(Duration.ofSeconds(20));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.calls(path).size() == 2);
        WebhookReceiver.Call call = receiver.calls(path).get(1);
        assertThat(call.body()).isEqualTo(receiver.calls(path).get(0).body());
        assertSigned(call, SECRET);
        Map<?, ?> body = EventJson.read(call.body(), Map.class);
        assertThat(body.get("type")).isEqualTo("lead.assignment.v1");
        assertThat(((Map<?, ?>) body.get("data")).get("status")).isEqualTo("assigned");
        assertThat(((Map<?, ?>) body.get("data")).get("assignmentId")).isEqualTo(assigned.assignmentId().toString());
        assertThat(((Map<?, ?>) body.get("lead")).get("name")).isEqualTo("Claire Martin");
        assertThat(call.header("Leadflow-Event-Id")).isEqualTo(body.get("id"));

        given().when().post("/api/v1/assignments/{id}/accept", assigned.assignmentId()).then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.calls(path).size() == 3);
        assertThat(EventJson.read(receiver.calls(path).get(2).body(), Map.class).get("data"))
                .extracting(data -> ((Map<?, ?>) data).get("status")).isEqualTo("accepted");

        // An outcome is not among the webhook's statuses: once relayed, it made no delivery.
        given().contentType(ContentType.JSON).body("{\"outcome\": \"contacted\"}")
                .when().post("/api/v1/assignments/{id}/outcome", assigned.assignmentId()).then().statusCode(200);
        Topic.of(Topics.ASSIGNED).awaitEvent(assigned.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.OUTCOME);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pool.preparedQuery(
                "select count(*) from outbox_event where lead_id = $1").execute(Tuple.of(assigned.leadId()))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0) == 0);
        assertThat(states(assigned.leadId(), "webhook")).containsExactly("delivered", "delivered");
        assertThat(receiver.calls(path)).hasSize(3);
        given().when().get("/api/v1/admin/webhooks/{id}/deliveries", webhookId).then().statusCode(200)
                .body("size()", equalTo(2))
                .body("findAll { it.attempts == 2 }.state", equalTo(List.of("delivered")))
                .body("findAll { it.attempts == 1 }.state", equalTo(List.of("delivered")))
                .body("lastError", equalTo(java.util.Arrays.asList(null, null)));
        // Finished deliveries are kept a week, then purged.
        assertThat(deliveries.purge(clock.instant()).await().atMost(Duration.ofSeconds(10))).isZero();
        assertThat(deliveries.purge(clock.instant().plus(Duration.ofDays(8))).await().atMost(Duration.ofSeconds(10)))
                .isGreaterThanOrEqualTo(2);
        assertThat(states(assigned.leadId(), "webhook")).isEmpty();

        given().when().delete("/api/v1/admin/webhooks/{id}", webhookId).then().statusCode(204);
        given().when().get("/api/v1/admin/webhooks/{id}/deliveries", webhookId).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void webhooksOnlyGoToAllowedPublicHostsWithAValidFormat() {
        given().contentType(ContentType.JSON).body(EventJson.write(Map.of("name", "metadata",
                "url", "http://169.254.169.254/latest/meta-data", "format", "xml", "secret", "short",
                "statuses", List.of("teleported"))))
                .when().post("/api/v1/admin/webhooks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("url", "format", "secret", "statuses"));
        given().contentType(ContentType.JSON).body(EventJson.write(Map.of("name", "elsewhere",
                "url", "https://example.org/hook")))
                .when().post("/api/v1/admin/webhooks")
                .then().statusCode(400).body("errors[0].field", equalTo("url"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("allow-list"));
        given().contentType(ContentType.JSON).body(EventJson.write(Map.of("name", "ftp",
                "url", "ftp://127.0.0.1/hook")))
                .when().post("/api/v1/admin/webhooks")
                .then().statusCode(400).body("errors[0].field", equalTo("url"));

        // Without a secret one is generated, shown once.
        String id = given().contentType(ContentType.JSON).body(EventJson.write(Map.of("name", "chat",
                "url", receiver.url("/chat"), "format", "slack")))
                .when().post("/api/v1/admin/webhooks")
                .then().statusCode(201).body("secret", notNullValue()).extract().path("id");
        given().when().get("/api/v1/admin/webhooks").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.secret", nullValue());
        given().when().delete("/api/v1/admin/webhooks/{id}", id).then().statusCode(204);
        RestAssured.given().auth().oauth2(Api.repToken(UUID.randomUUID())).when().get("/api/v1/admin/webhooks")
                .then().statusCode(403);
    }

    @Test
    void aRepWithoutAConsoleIsEmailedAndTheirWebhookCalledARepWithOneIsNot() throws Exception {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        String path = "/slack-" + UUID.randomUUID();
        Map<String, Object> offline = RoutingFixture.repBody("Olivia Offline", fixture.team, 5, List.of());
        offline.put("notifyWebhookUrl", receiver.url(path));
        String offlineEmail = (String) offline.get("email");
        UUID olivia = UUID.fromString(given().contentType(ContentType.JSON).body(EventJson.write(offline))
                .when().post("/api/v1/admin/reps").then().statusCode(201)
                .body("notifyWebhookUrl", equalTo(receiver.url(path))).extract().path("id"));
        fixture.rule("weighted_round_robin");

        LeadAssignment toOlivia = route(fixture, fixture.hotLead(clock.instant(), "off-" + UUID.randomUUID() + ".fr"));
        assertThat(toOlivia.repId()).isEqualTo(olivia);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(
                GreenMailSmtp.server().getReceivedMessages()).anyMatch(m -> to(m, offlineEmail)));
        MimeMessage email = Arrays.stream(GreenMailSmtp.server().getReceivedMessages())
                .filter(m -> to(m, offlineEmail)).findFirst().orElseThrow();
        assertThat(email.getSubject()).isEqualTo("New hot lead for you: Claire Martin (Acme SAS)");
        assertThat(email.getContent().toString()).contains("+33612345678", "/console/", "Accept it by");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.calls(path).size() == 1);
        WebhookReceiver.Call slack = receiver.calls(path).get(0);
        assertSigned(slack, "leadflow-test-rep-webhook-secret");
        assertThat((String) EventJson.read(slack.body(), Map.class).get("text"))
                .startsWith("A hot lead is waiting for you: Claire Martin (Acme SAS)");

        // Olivia opens her console: her next lead is pushed there, and neither emailed nor sent to her webhook.
        try (RepSocketClient console = RepSocketClient.connect("localhost", RestAssured.port, Api.socketOf(olivia))) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "online".equals(given()
                    .when().get("/api/v1/reps").then().extract().jsonPath()
                    .getString("find { it.id == '" + olivia + "' }.presence")));
            LeadAssignment pushed = route(fixture, fixture.hotLead(clock.instant(), "on-" + UUID.randomUUID() + ".fr"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> states(pushed.leadId(), "rep_email")
                    .equals(List.of("skipped")) && states(pushed.leadId(), "rep_webhook").equals(List.of("skipped")));
        }
        assertThat(states(toOlivia.leadId(), "rep_email")).containsExactly("delivered");
        assertThat(Arrays.stream(GreenMailSmtp.server().getReceivedMessages()).filter(m -> to(m, offlineEmail)))
                .hasSize(1);
        assertThat(receiver.calls(path)).hasSize(1);

        // A console open on another instance (seen lately, as its heartbeat writes): no email either.
        RoutingFixture elsewhere = new RoutingFixture().team(null, null);
        UUID sebastian = elsewhere.rep("Sebastian Elsewhere", 5);
        elsewhere.rule("weighted_round_robin");
        pool.preparedQuery("update rep set console_seen_at = $1 where id = $2")
                .execute(Tuple.of(clock.instant().atOffset(java.time.ZoneOffset.UTC), sebastian))
                .await().atMost(Duration.ofSeconds(10));
        LeadAssignment toSebastian = route(elsewhere, elsewhere.hotLead(clock.instant(),
                "else-" + UUID.randomUUID() + ".fr"));
        assertThat(toSebastian.repId()).isEqualTo(sebastian);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> states(toSebastian.leadId(), "rep_email").equals(List.of("skipped")));
        assertThat(pool.preparedQuery("select last_error from outbound_delivery where lead_id = $1 and kind = $2")
                .execute(Tuple.of(toSebastian.leadId(), "rep_email")).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0)).isEqualTo("the rep has a console open");

        Map<String, Object> badHook = new HashMap<>(offline);
        badHook.put("notifyWebhookUrl", "http://10.0.0.8/internal");
        given().contentType(ContentType.JSON).body(EventJson.write(badHook))
                .when().put("/api/v1/admin/reps/{id}", olivia)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("notifyWebhookUrl"));
    }

    private static boolean to(MimeMessage message, String address) {
        try {
            return Arrays.stream(message.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
        } catch (jakarta.mail.MessagingException e) {
            return false;
        }
    }
}
