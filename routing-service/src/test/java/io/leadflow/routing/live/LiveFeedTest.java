package io.leadflow.routing.live;

import static io.leadflow.routing.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Topics;
import io.leadflow.routing.testing.Api;
import io.leadflow.routing.testing.MovableClock;
import io.leadflow.routing.testing.RoutingFixture;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.RepSocketClient;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** A rep's live feed: what is still pending on (re)connecting, by WebSocket and by server-sent events. */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class LiveFeedTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MovableClock clock;

    /** An SSE client keeping every {@code data:} line it receives. */
    static final class EventStream implements AutoCloseable {
        final List<String> data = new CopyOnWriteArrayList<>();
        final CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response;

        EventStream(UUID repId) {
            response = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + RestAssured.port + "/api/v1/reps/" + repId + "/assignments/stream"))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + Api.repToken(repId)).build(), HttpResponse.BodyHandlers.ofLines());
            response.thenAccept(r -> r.body().filter(line -> line.startsWith("data:"))
                    .forEach(line -> data.add(line.substring(5).trim())));
        }

        String await(String containing) {
            Awaitility.await().atMost(WAIT).until(() -> data.stream().anyMatch(d -> d.contains(containing)));
            return data.stream().filter(d -> d.contains(containing)).findFirst().orElseThrow();
        }

        @Override
        public void close() {
            response.cancel(true);
        }
    }

    LeadAssignment routed(RoutingFixture fixture) {
        LeadScored lead = fixture.hotLead(clock.instant(), "acme-" + UUID.randomUUID() + ".fr");
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
        return Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);
    }

    @Test
    void aRepWhoConnectsLaterReceivesWhatIsStillPendingOnTheSocketAndTheStream() throws Exception {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        UUID rep = fixture.rep("Late Larry", 5);
        fixture.rule("weighted_round_robin");
        LeadAssignment pending = routed(fixture);

        try (RepSocketClient console = RepSocketClient.connect("localhost", RestAssured.port, Api.socketOf(rep.toString()));
                EventStream stream = new EventStream(rep)) {
            JsonNode replayed = EventJson.mapper().readTree(
                    console.await(m -> m.contains(pending.assignmentId().toString()), WAIT));
            assertThat(replayed.get("type").asText()).isEqualTo("assignment");
            assertThat(replayed.get("leadId").asText()).isEqualTo(pending.leadId().toString());
            JsonNode streamed = EventJson.mapper().readTree(stream.await(pending.assignmentId().toString()));
            assertThat(streamed.get("type").asText()).isEqualTo("assignment");
            assertThat(streamed.at("/lead/company").asText()).isEqualTo("Acme SAS");

            // And what arrives while connected comes live on both.
            LeadAssignment next = routed(fixture);
            console.await(m -> m.contains(next.assignmentId().toString()), WAIT);
            stream.await(next.assignmentId().toString());
        }
    }

    @Test
    void anUnknownRepsStreamIsAProblem() {
        given().header("Accept", "text/event-stream")
                .when().get("/api/v1/reps/{rep}/assignments/stream", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }
}
