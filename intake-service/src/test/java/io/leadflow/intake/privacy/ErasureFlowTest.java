package io.leadflow.intake.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.leadflow.events.ErasureCompleted;
import io.leadflow.events.ErasureRequested;
import io.leadflow.events.EventJson;
import io.leadflow.events.Topics;
import io.leadflow.intake.TestTokens;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * An admin erases a person through intake, with the real broker and database: the request travels on
 * {@code leads.privacy} with only a hash of the email, intake keeps no trace of the person (consent proof aside,
 * anonymous), and the status shows each service's confirmation as it arrives.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class ErasureFlowTest {

    @Inject
    AgroalDataSource database;

    @Test
    void erasureLeavesNoTraceInIntakeAndShowsEachServicesConfirmation() throws SQLException {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String email = "ines.oubli-" + marker + "@forget-me.fr";
        String firstName = "Inès" + marker;
        String lastName = "Oubli" + marker;
        // 0612xxxxxx: a mobile range valid in metropolitan France (069x numbers belong to overseas departments).
        String digits = "12" + String.format("%06d", new Random().nextInt(1_000_000));
        String phone = "+336" + digits;
        String body = """
                {"email": "%s", "firstName": "%s", "lastName": "%s", "company": "Forget Me SAS",
                 "phone": "06%s", "country": "France", "formType": "demo_request", "marketingConsent": true}
                """.formatted(email.toUpperCase(), firstName, lastName, digits);
        String leadId = given().header("X-Api-Key", "leadflow-test-key").header("Idempotency-Key", "erase-" + marker)
                .contentType(ContentType.JSON).body(body).when().post("/api/v1/leads")
                .then().statusCode(202).extract().path("leadId");
        Topic.of(Topics.RECEIVED).await(r -> leadId.equals(r.key()));
        assertThat(rowsMentioning(List.of(email, lastName, phone))).isNotEmpty();

        String location = TestTokens.admin().contentType(ContentType.JSON)
                .body("{\"email\": \"  " + email + " \"}").when().post("/api/v1/privacy/erasure")
                .then().statusCode(202).body("id", notNullValue()).body("status", equalTo("pending"))
                .extract().header("Location");
        String requestId = location.substring(location.lastIndexOf('/') + 1);

        Topic privacy = Topic.of(Topics.PRIVACY);
        ConsumerRecord<String, String> requested = privacy.await(r -> leadId.equals(r.key())
                && "lead.erasure.requested.v1".equals(Topic.header(r, "ce_type")));
        ErasureRequested request = EventJson.read(requested.value(), ErasureRequested.class);
        assertThat(request.requestId()).hasToString(requestId);
        assertThat(request.emailSha256()).isEqualTo(Erasures.sha256(email));
        assertThat(requested.value()).doesNotContain(email).doesNotContain(lastName);
        privacy.await(r -> leadId.equals(r.key()) && "lead.erasure.completed.v1".equals(Topic.header(r, "ce_type"))
                && "intake-service".equals(EventJson.read(r.value(), ErasureCompleted.class).service()));

        JsonPath status = TestTokens.admin().when().get(location).then().statusCode(200)
                .body("leadId", equalTo(leadId)).body("complete", equalTo(false)).extract().jsonPath();
        assertThat(status.getString("services.find { it.service == 'intake-service' }.status")).isEqualTo("confirmed");
        assertThat(status.getString("services.find { it.service == 'scoring-service' }.status")).isEqualTo("pending");
        assertThat(status.getString("services.find { it.service == 'routing-service' }.status")).isEqualTo("pending");
        assertThat(status.getString("services.find { it.service == 'nurturing-service' }.status"))
                .isEqualTo("pending");

        // Scoring confirms over the broker, twice (a redelivery): recorded once.
        ErasureCompleted scoring = new ErasureCompleted(UUID.fromString(requestId), UUID.fromString(leadId),
                "scoring-service", Instant.now());
        String eventId = UUID.randomUUID().toString();
        privacy.publishRaw(leadId, EventJson.write(scoring), eventId, "lead.erasure.completed.v1");
        privacy.publishRaw(leadId, EventJson.write(scoring), eventId, "lead.erasure.completed.v1");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> "confirmed"
                .equals(TestTokens.admin().when().get(location).then().extract().jsonPath()
                        .getString("services.find { it.service == 'scoring-service' }.status")));

        assertThat(rowsMentioning(List.of(email, firstName, lastName, phone)))
                .as("rows of intake's tables naming the person").isEmpty();
        try (Connection connection = database.getConnection();
                ResultSet consent = connection.createStatement().executeQuery(
                        "select count(*), bool_and(ip is null and lead_id is null and erased_at is not null) "
                                + "from consent_record where email_sha256 = '" + Erasures.sha256(email) + "'")) {
            consent.next();
            assertThat(consent.getLong(1)).as("consent kept as anonymous proof").isEqualTo(1);
            assertThat(consent.getBoolean(2)).isTrue();
        }
        // The person is gone: erasing them again finds nobody; the lead id is not known any more.
        TestTokens.admin().contentType(ContentType.JSON).body("{\"leadId\": \"" + leadId + "\"}")
                .when().post("/api/v1/privacy/erasure").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void erasureRemovesImportRowsQuotingTheAddressNotThoseQuotingALongerOne() throws SQLException {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String email = "ann-" + marker + "@erase-rows.fr";
        String leadId = given().header("X-Api-Key", "leadflow-test-key").header("Idempotency-Key", "rows-" + marker)
                .contentType(ContentType.JSON).body("""
                        {"email": "%s", "firstName": "Ann", "lastName": "Rows", "company": "Rows SAS",
                         "country": "France", "formType": "demo_request", "marketingConsent": true}
                        """.formatted(email)).when().post("/api/v1/leads")
                .then().statusCode(202).extract().path("leadId");
        UUID importId = UUID.randomUUID();
        List<String> reasons = List.of("line 2: duplicate of " + email.toUpperCase() + ".",
                "line 3: jo" + email + " has no company", "line 4: " + email + ".au has no company",
                "line 5: " + email.replace("@", "@mail.") + " unknown");
        try (Connection connection = database.getConnection()) {
            connection.createStatement().executeUpdate("insert into import_job (id, source, form_type, status, "
                    + "created_at, updated_at) values ('" + importId + "', 'csv', 'newsletter', 'COMPLETED', now(), "
                    + "now())");
            for (int line = 0; line < reasons.size(); line++) {
                try (var insert = connection.prepareStatement(
                        "insert into import_row_error (import_id, line, reason) values (?, ?, ?)")) {
                    insert.setObject(1, importId);
                    insert.setInt(2, line + 2);
                    insert.setString(3, reasons.get(line));
                    insert.executeUpdate();
                }
            }
        }

        TestTokens.admin().contentType(ContentType.JSON).body("{\"leadId\": \"" + leadId + "\"}")
                .when().post("/api/v1/privacy/erasure").then().statusCode(202);

        List<Integer> left = new ArrayList<>();
        try (Connection connection = database.getConnection();
                ResultSet rows = connection.createStatement().executeQuery(
                        "select line from import_row_error where import_id = '" + importId + "' order by line")) {
            while (rows.next()) {
                left.add(rows.getInt(1));
            }
        }
        assertThat(left).as("rows quoting other, longer addresses stay").containsExactly(3, 4, 5);
    }

    @Test
    void aRequestNeedsExactlyOneOfEmailAndLeadId() {
        TestTokens.admin().contentType(ContentType.JSON).body("{}").when().post("/api/v1/privacy/erasure")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field",
                        equalTo("email"));
        TestTokens.admin().contentType(ContentType.JSON)
                .body("{\"email\": \"a@b.fr\", \"leadId\": \"" + UUID.randomUUID() + "\"}")
                .when().post("/api/v1/privacy/erasure").then().statusCode(400);
        TestTokens.admin().contentType(ContentType.JSON).body("{\"leadId\": \"nope\", \"extra\": 1}")
                .when().post("/api/v1/privacy/erasure").then().statusCode(400)
                .contentType("application/problem+json");
    }

    /** Every row of every intake table whose text contains one of the needles (the erasure bookkeeping aside). */
    List<String> rowsMentioning(List<String> needles) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = database.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = connection.createStatement().executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'public' "
                            + "and table_type = 'BASE TABLE' and table_name not in ('erasure_request', "
                            + "'erasure_confirmation', 'flyway_schema_history')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                for (String needle : needles) {
                    var query = connection.prepareStatement("select t::text from " + table + " t where t::text ilike ?");
                    query.setString(1, "%" + needle + "%");
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            found.add(table + ": " + rs.getString(1));
                        }
                    }
                }
            }
        }
        return found;
    }
}
