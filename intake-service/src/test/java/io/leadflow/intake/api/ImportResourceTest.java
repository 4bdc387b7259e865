package io.leadflow.intake.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.leadflow.events.Activity;
import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.EventType;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.intake.persistence.Outbox;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class ImportResourceTest {

    @Inject
    AgroalDataSource database;

    static final String KEY = "leadflow-test-key";

    static String uploadCsv(byte[] csv, String query) {
        return given().header("X-Api-Key", KEY).contentType("text/csv").body(csv)
                .when().post("/api/v1/imports" + query)
                .then().statusCode(202).header("Location", startsWith("/api/v1/imports/"))
                .extract().path("importId");
    }

    static JsonPath awaitFinished(String importId, Duration atMost) {
        Awaitility.await("import " + importId).atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> !"running".equals(given().header("X-Api-Key", KEY)
                        .get("/api/v1/imports/{id}", importId).then().statusCode(200).extract().path("status")));
        return given().header("X-Api-Key", KEY).get("/api/v1/imports/{id}", importId).then().extract().jsonPath();
    }

    @Test
    void aFrenchExcelExportIsImportedRowByRowWithEveryBadRowReported() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String known = "deja.connu+" + run + "@acme.fr";
        LeadResourceTest.submit(LeadResourceTest.lead(known));
        // Windows-1252, semicolons, French headers, a quoted field with a line break, blank lines.
        String csv = "Prénom;Nom;Courriel;Société;Fonction;Téléphone;Pays\r\n"
                + "Élise;Fabre;elise.fabre+" + run + "@fabre.fr;\"Fabre\r\n& Fils\";Gérante;01 42 68 53 00;France\r\n"
                + "Jérôme;Petit;pas-un-email;Petit SA;Directeur;;France\r\n"
                + "\r\n"
                + "Anaïs;Roy;anais.roy+" + run + "@roy.fr;Roy;Responsable achats;;Belgique\r\n"
                + "Sans;Courriel;;X;;;France\r\n"
                + "Déjà;Connu;" + known + ";Acme;;;France\r\n"
                + "Zoé;Blanc;zoe.blanc+" + run + "@blanc.fr;Blanc;;;Atlantide\r\n";

        String importId = uploadCsv(csv.getBytes(Charset.forName("windows-1252")), "?formType=content_download&source=salon");
        JsonPath job = awaitFinished(importId, Duration.ofSeconds(60));

        assertThat(job.getString("status")).isEqualTo("completed");
        assertThat(job.getString("encoding")).isEqualTo("windows-1252");
        assertThat(job.getString("delimiter")).isEqualTo("semicolon");
        assertThat(job.getInt("rowsRead")).isEqualTo(6);
        assertThat(job.getInt("accepted")).as(job.prettify()).isEqualTo(2);
        assertThat(job.getInt("duplicates")).isEqualTo(1);
        assertThat(job.getInt("rejected")).isEqualTo(3);
        assertThat(job.getList("errors.line", Integer.class)).containsExactly(4, 7, 9);
        assertThat(job.getString("errors[0].reason")).contains("email");
        assertThat(job.getString("errors[2].reason")).contains("country");

        LeadReceived elise = EventJson.read(Topic.of(Topics.RECEIVED_BULK)
                .await(r -> r.value().contains("elise.fabre+" + run)).value(), LeadReceived.class);
        assertThat(elise.lead().contact().firstName()).isEqualTo("Élise");
        assertThat(elise.lead().company().name()).isEqualTo("Fabre & Fils");
        assertThat(elise.lead().contact().phone()).isEqualTo("+33142685300");
        assertThat(elise.lead().source()).isEqualTo("salon");
        assertThat(elise.lead().consent().channel()).isEqualTo("import");
        LeadReceived anais = EventJson.read(Topic.of(Topics.RECEIVED_BULK)
                .await(r -> r.value().contains("anais.roy+" + run)).value(), LeadReceived.class);
        assertThat(anais.lead().country()).isEqualTo("BE");
    }

    @Test
    void theSameFileTwiceCreatesNoLeadTwice() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        byte[] csv = ("\uFEFFEmail,First Name,Company,Job Title,Country\n"
                + "a+" + run + "@one.io,Ann,One,CEO,US\n"
                + "b+" + run + "@two.io,Bob,Two,CTO,GB\n").getBytes(StandardCharsets.UTF_8);

        JsonPath first = awaitFinished(uploadCsv(csv, ""), Duration.ofSeconds(60));
        JsonPath second = awaitFinished(uploadCsv(csv, ""), Duration.ofSeconds(60));

        assertThat(first.getString("encoding")).isEqualTo("UTF-8");
        assertThat(first.getString("delimiter")).isEqualTo("comma");
        assertThat(first.getInt("accepted")).isEqualTo(2);
        assertThat(second.getInt("accepted")).isZero();
        assertThat(second.getInt("duplicates")).isEqualTo(2);
        assertThat(Topic.of(Topics.RECEIVED_BULK).awaitExactly(2, r -> r.value().contains("+" + run + "@"),
                Duration.ofSeconds(2))).hasSize(2);
    }

    @Test
    void importedLeadsTravelInTheBulkLaneAndTheirPersonsFirstLiveFormEntersLive() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String ann = "ann+" + run + "@lane.io";
        byte[] csv = ("Email,First Name,Company,Country\n" + ann + ",Ann,Lane,FR\n"
                + "bob+" + run + "@lane.io,Bob,Lane,FR\n")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(awaitFinished(uploadCsv(csv, "?formType=contact"), Duration.ofSeconds(60)).getInt("accepted"))
                .isEqualTo(2);
        String imported = Topic.of(Topics.RECEIVED_BULK).await(r -> r.value().contains(ann)).key();
        Topic.of(Topics.RECEIVED_BULK).await(r -> r.value().contains("bob+" + run));
        assertThat(Topic.of(Topics.RECEIVED).awaitExactly(0, r -> r.value().contains("+" + run + "@lane.io"),
                Duration.ofSeconds(2))).as("imported rows never on the live topic").isEmpty();

        // Ann's imported lead may still wait behind the import: her hand-raise enters live, with her lead id.
        String live = LeadResourceTest.api().body(LeadResourceTest.lead(ann, "demo_request"))
                .when().post("/api/v1/leads")
                .then().statusCode(202).body("knownLead", equalTo(true)).extract().path("leadId");
        assertThat(live).isEqualTo(imported);
        LeadReceived handRaise = Topic.of(Topics.RECEIVED).awaitEvent(UUID.fromString(live), LeadReceived.class,
                e -> true);
        assertThat(handRaise.formType()).isEqualTo(FormType.DEMO_REQUEST);
        assertThat(handRaise.lead().consent().channel()).isEqualTo("api");

        // Once live, she is a known person like any other: her next form is an engagement.
        LeadResourceTest.submit(LeadResourceTest.lead(ann, "quote_request"));
        LeadEngagement again = Topic.of(Topics.ENGAGEMENT).awaitEvent(UUID.fromString(live), LeadEngagement.class,
                e -> e.formType() == FormType.QUOTE_REQUEST);
        assertThat(again.activity()).isEqualTo(Activity.FORM_SUBMITTED);
        assertThat(Topic.of(Topics.RECEIVED).awaitExactly(1, r -> live.equals(r.key()), Duration.ofSeconds(2)))
                .hasSize(1);
    }

    @Test
    void aMultipartTabSeparatedUploadIsImported() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        byte[] tsv = ("E-mail\tPrenom\tEntreprise\tPays\nt+" + run + "@tab.de\tTina\tTab GmbH\tDE\n")
                .getBytes(StandardCharsets.UTF_8);

        String importId = given().header("X-Api-Key", KEY).multiPart("file", "leads.tsv", tsv, "text/tab-separated-values")
                .multiPart("formType", "newsletter")
                .when().post("/api/v1/imports")
                .then().statusCode(202).extract().path("importId");
        JsonPath job = awaitFinished(importId, Duration.ofSeconds(60));

        assertThat(job.getString("delimiter")).isEqualTo("tab");
        assertThat(job.getString("fileName")).isEqualTo("leads.tsv");
        assertThat(job.getInt("accepted")).isEqualTo(1);
    }

    @Test
    void aFileWhoseCsvSyntaxBreaksKeepsTheRowsBeforeTheBreakAndSaysWhere() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        byte[] csv = ("Email,Company,Country\nok+" + run + "@break.io,Fine,FR\n"
                + "broken+" + run + "@break.io,\"Unclosed,FR\nlost+" + run + "@break.io,Never,FR\n")
                .getBytes(StandardCharsets.UTF_8);

        JsonPath job = awaitFinished(uploadCsv(csv, ""), Duration.ofSeconds(60));

        assertThat(job.getString("status")).isEqualTo("completed_with_errors");
        assertThat(job.getString("failure")).contains("line 3");
        assertThat(job.getInt("accepted")).isEqualTo(1);
        assertThat(job.getString("finishedAt")).isNotNull();
    }

    @Test
    void unusableUploadsAreRefusedAtOnce() {
        given().header("X-Api-Key", KEY).contentType("text/csv").body("Name,Company\nAnn,One\n")
                .when().post("/api/v1/imports")
                .then().statusCode(422).contentType("application/problem+json");
        given().contentType("text/csv").body("Email\na@b.io\n")
                .when().post("/api/v1/imports")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("X-Api-Key", KEY).contentType("text/csv").body("Email\na@b.io\n")
                .when().post("/api/v1/imports?formType=fax")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("X-Api-Key", KEY).get("/api/v1/imports/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aLargeFileIsStreamedAndImportedCompletely() {
        int rows = Integer.getInteger("leadflow.test.import-rows", 100_000);
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder(rows * 80).append("email,first name,last name,company,country\n");
        for (int i = 0; i < rows; i++) {
            csv.append("p").append(i).append('+').append(run).append("@bulk").append(i % 97).append(".io,Pat,")
                    .append(i).append(",Bulk ").append(i % 97).append(",FR\n");
        }

        long started = System.nanoTime();
        JsonPath job = awaitFinished(uploadCsv(csv.toString().getBytes(StandardCharsets.UTF_8), "?source=bulk"),
                Duration.ofMinutes(10));
        System.out.printf("Imported %d rows in %d ms%n", rows, (System.nanoTime() - started) / 1_000_000);

        assertThat(job.getString("status")).isEqualTo("completed");
        assertThat(job.getInt("rowsRead")).isEqualTo(rows);
        assertThat(job.getInt("accepted")).isEqualTo(rows);
        assertThat(job.getInt("rejected")).isZero();
        assertThat(job.getInt("duplicates")).isZero();
    }

    @Test
    void anImportShowsHowFarItsLeadsWentThroughThePipeline() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        byte[] csv = ("Email,Company,Country\nhot+" + run + "@far.io,Far,FR\nwarm+" + run + "@far.io,Far,FR\n"
                + "later+" + run + "@far.io,Far,FR\n").getBytes(StandardCharsets.UTF_8);
        String importId = uploadCsv(csv, "");
        assertThat(awaitFinished(importId, Duration.ofSeconds(60)).getInt("pipeline.stored")).isEqualTo(3);
        UUID hot = UUID.fromString(Topic.of(Topics.RECEIVED_BULK).await(r -> r.value().contains("hot+" + run)).key());
        UUID warm = UUID.fromString(Topic.of(Topics.RECEIVED_BULK).await(r -> r.value().contains("warm+" + run))
                .key());
        UUID later = UUID.fromString(Topic.of(Topics.RECEIVED_BULK).await(r -> r.value().contains("later+" + run))
                .key());
        Instant now = Instant.now();

        // Scoring's two scores in one poll, beside one it must dead-letter (no lead id) and one of a lead no import
        // made: the batch still counts its two imported leads, once each.
        Topic.of(Topics.SCORED_BULK).publishTogether(0, List.of(
                scoredRaw(hot, Temperature.HOT, now, "A"), scoredRaw(null, Temperature.HOT, now, "dead-letter+" + run),
                scoredRaw(UUID.randomUUID(), Temperature.COLD, now, "A"), scoredRaw(warm, Temperature.WARM, now, "B")));
        // Routing's and nurturing's outcomes of imported leads, marked as the bulk lane's; the same outcome of the
        // third lead, unmarked (live traffic), is not even read.
        Topic.of(Topics.ASSIGNED).publishInBulkLane(hot, new LeadAssignment(UUID.randomUUID(), hot,
                AssignmentStatus.ASSIGNED, UUID.randomUUID(), "Rep", null, null, null, 90, Temperature.HOT, List.of(),
                now, now.plusSeconds(300), now));
        Topic.of(Topics.NURTURE).publishInBulkLane(warm, new LeadNurture(warm, UUID.randomUUID(), "warm-welcome",
                NurtureStatus.TOUCH_SENT, 1, null, now, null, now, now));
        Topic.of(Topics.NURTURE).publish(later, new LeadNurture(later, UUID.randomUUID(), "warm-welcome",
                NurtureStatus.ENROLLED, null, null, null, null, now, now));
        Topic.of(Topics.NURTURE).publishInBulkLane(warm, new LeadNurture(warm, UUID.randomUUID(), "warm-welcome",
                NurtureStatus.ENROLLED, null, null, null, null, now, now));

        Awaitility.await("the import's pipeline counts").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonPath counts = progress(importId).setRootPath("pipeline");
                    return counts.getInt("scored") == 2 && counts.getInt("routed") == 1
                            && counts.getInt("enrolled") == 1;
                });
        JsonPath pipeline = progress(importId).setRootPath("pipeline");
        assertThat(pipeline.getInt("stored")).isEqualTo(3);
        assertThat(pipeline.getInt("scored")).isEqualTo(2);
        assertThat(pipeline.getInt("hot")).isEqualTo(1);
        assertThat(pipeline.getInt("warm")).isEqualTo(1);
        assertThat(pipeline.getInt("cold")).isZero();
        Awaitility.await("the unmarked enrollment never counted").during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10)).until(() -> progress(importId).getInt("pipeline.enrolled") == 1);
        assertThat(pipeline.getLong("estimatedSecondsLeft")).as("one lead left to score").isPositive();
        assertThat(Topic.of(Topics.deadLetter(Topics.SCORED_BULK)).await(r -> r.value().contains("dead-letter+"
                + run)).value()).isNotNull();
    }

    @Test
    void aCancelledImportStopsAndWithdrawsWhatHadNotLeftIntake() throws Exception {
        int rows = 30_000;
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder(rows * 40).append("email,company,country\n");
        for (int i = 0; i < rows; i++) {
            csv.append("c").append(i).append('+').append(run).append("@cancel.io,Cancel,FR\n");
        }
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
        JsonPath cancelled;
        Connection relay = database.getConnection();
        try {
            // Holding the relay's lock keeps the import's events in the outbox, as a live backlog or a slow broker
            // would: the cancellation must wait for the relay, then withdraw them all.
            relay.createStatement().execute("select pg_advisory_lock(" + Outbox.RELAY_LOCK + ")");
            String importId = uploadCsv(file, "");
            Awaitility.await("the import under way").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50)).until(() -> progress(importId).getInt("accepted") >= 1000);
            CompletableFuture<JsonPath> cancelling = CompletableFuture.supplyAsync(() -> given()
                    .header("X-Api-Key", KEY).post("/api/v1/imports/{id}/cancel", importId)
                    .then().statusCode(200).extract().jsonPath());
            Awaitility.await("the cancellation waiting for the relay's lock").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> waitingForAdvisoryLock(relay));
            relay.createStatement().execute("select pg_advisory_unlock(" + Outbox.RELAY_LOCK + ")");
            cancelled = cancelling.get(60, TimeUnit.SECONDS);
        } finally {
            // The pool keeps its connections: a lock left on this one would stop the relay for every later test.
            relay.createStatement().execute("select pg_advisory_unlock_all()");
            relay.close();
        }
        String importId = cancelled.getString("importId");
        assertThat(cancelled.getString("status")).isEqualTo("cancelled");
        assertThat(cancelled.getString("cancelledAt")).isNotNull();
        assertThat(cancelled.getInt("rowsRead")).as("stopped before the end of the file").isLessThan(rows);
        assertThat(cancelled.getInt("withdrawn")).as("every lead it had stored").isEqualTo(cancelled.getInt("accepted"))
                .isPositive();
        assertThat(cancelled.getInt("pipeline.stored")).isZero();
        Awaitility.await("no batch after the cancellation").during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10)).until(() -> progress(importId).getInt("accepted")
                        == cancelled.getInt("accepted"));
        assertThat(Topic.of(Topics.RECEIVED_BULK).awaitExactly(0, r -> r.value().contains("+" + run + "@cancel"),
                Duration.ofSeconds(3))).as("withdrawn events never leave").isEmpty();
        given().header("X-Api-Key", KEY).post("/api/v1/imports/{id}/cancel", importId)
                .then().statusCode(200).body("status", equalTo("cancelled"));

        // The withdrawn people were never known: the same file again imports every row.
        JsonPath again = awaitFinished(uploadCsv(file, ""), Duration.ofMinutes(3));
        assertThat(again.getInt("accepted")).isEqualTo(rows);
        assertThat(again.getInt("duplicates")).isZero();
        Awaitility.await("the second import's events relayed").atMost(Duration.ofSeconds(60))
                .until(() -> outboxRows() == 0);
        given().header("X-Api-Key", KEY).post("/api/v1/imports/{id}/cancel", again.getString("importId"))
                .then().statusCode(409).contentType("application/problem+json");
        given().header("X-Api-Key", KEY).post("/api/v1/imports/{id}/cancel", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().post("/api/v1/imports/{id}/cancel", importId)
                .then().statusCode(401).contentType("application/problem+json");
    }

    private static boolean waitingForAdvisoryLock(Connection connection) throws SQLException {
        try (ResultSet waiting = connection.createStatement().executeQuery(
                "select count(*) from pg_locks where locktype = 'advisory' and not granted")) {
            waiting.next();
            return waiting.getInt(1) > 0;
        }
    }

    private long outboxRows() throws SQLException {
        try (Connection connection = database.getConnection(); ResultSet count = connection.createStatement()
                .executeQuery("select count(*) from outbox_event")) {
            count.next();
            return count.getLong(1);
        }
    }

    static JsonPath progress(String importId) {
        return given().header("X-Api-Key", KEY).get("/api/v1/imports/{id}", importId).then().statusCode(200)
                .extract().jsonPath();
    }

    static Topic.Raw scoredRaw(UUID leadId, Temperature temperature, Instant at, String grade) {
        LeadScored score = new LeadScored(leadId, null, null, grade, 80, 10, 90, temperature, Stage.MQL, "test",
                List.of(), at);
        return new Topic.Raw(leadId == null ? "none" : leadId.toString(), EventJson.write(score),
                UUID.randomUUID().toString(), EventType.LEAD_SCORED.ceType());
    }
}
