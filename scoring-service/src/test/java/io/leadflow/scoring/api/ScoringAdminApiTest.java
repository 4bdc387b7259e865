package io.leadflow.scoring.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.leadflow.events.FormType;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Topics;
import io.leadflow.scoring.TestLeads;
import io.leadflow.scoring.TestTokens;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class ScoringAdminApiTest {

    static final String SHIPPED_VERSION = "2026.11.3";

    static String shipped() throws IOException {
        try (InputStream in = ScoringAdminApiTest.class.getResourceAsStream("/scoring/rulesets/2026.11.3.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] bytes(String yaml) {
        return yaml.getBytes(StandardCharsets.UTF_8);
    }

    static LeadScored scored(LeadReceived lead) {
        Topic.of(Topics.RECEIVED).publish(lead.leadId(), lead);
        return Topic.of(Topics.SCORED).awaitEvent(lead.leadId(), LeadScored.class, s -> true);
    }

    @Test
    void aDraftIsSimulatedOnStoredLeadsWithoutEmittingThenPublishedAndRolledBack() throws IOException {
        TestTokens.admin().when().get("/api/v1/rulesets").then().statusCode(200)
                .body("find { it.version == '" + SHIPPED_VERSION + "' }.inForce", equalTo(true))
                .body("find { it.version == '" + SHIPPED_VERSION + "' }.origin", equalTo("shipped"));
        // A newsletter from a business address: 10 + 10 + France 5 = 25, cold.
        LeadReceived lead = TestLeads.received("sim@unlisted-sim.com", null, FormType.NEWSLETTER);
        assertThat(scored(lead).score()).isEqualTo(25);

        String draft = shipped().replace("version: \"2026.11.3\"", "version: \"2026.12.1-test\"")
                .replace("  newsletter: 10", "  newsletter: 40");
        TestTokens.admin().contentType("application/yaml").body(bytes(draft)).when().put("/api/v1/rulesets/2026.12.1-test")
                .then().statusCode(201).body("status", equalTo("draft")).body("inForce", equalTo(false));

        JsonPath report = TestTokens.admin().queryParam("days", 1).queryParam("examples", 100)
                .when().post("/api/v1/rulesets/2026.12.1-test/simulate")
                .then().statusCode(200).body("comparedWith", equalTo(SHIPPED_VERSION))
                .body("leadsEvaluated", greaterThanOrEqualTo(1))
                .body("changed.temperature", greaterThanOrEqualTo(1))
                .extract().jsonPath();
        Map<String, Object> example = report.getMap("examples.find { it.leadId == '" + lead.leadId() + "' }");
        assertThat(example).as("our lead among the examples").isNotNull();
        assertThat(report.getString("examples.find { it.leadId == '" + lead.leadId() + "' }.before.temperature"))
                .isEqualTo("cold");
        assertThat(report.getInt("examples.find { it.leadId == '" + lead.leadId() + "' }.after.score"))
                .isEqualTo(55);
        assertThat(report.getInt("transitions.temperature.'cold->warm'")).isGreaterThanOrEqualTo(1);
        // Simulating emitted nothing and changed nothing.
        assertThat(Topic.of(Topics.SCORED).awaitExactly(1, r -> lead.leadId().toString().equals(r.key()),
                Duration.ofSeconds(2))).hasSize(1);
        TestTokens.admin().when().get("/api/v1/leads/{id}/score", lead.leadId()).then().body("score", equalTo(25));

        try {
            TestTokens.admin().when().post("/api/v1/rulesets/2026.12.1-test/publish").then().statusCode(200)
                    .body("inForce", equalTo(true)).body("status", equalTo("published"));
            LeadScored underDraft = scored(TestLeads.received("new@unlisted-sim.com", null,
                    FormType.NEWSLETTER));
            assertThat(underDraft.ruleSetVersion()).isEqualTo("2026.12.1-test");
            assertThat(underDraft.score()).isEqualTo(55);
            TestTokens.admin().contentType("application/yaml").body(bytes(draft)).when().put("/api/v1/rulesets/2026.12.1-test")
                    .then().statusCode(409).contentType("application/problem+json");
        } finally {
            TestTokens.admin().when().post("/api/v1/rulesets/" + SHIPPED_VERSION + "/publish").then().statusCode(200)
                    .body("inForce", equalTo(true));
        }
        assertThat(scored(TestLeads.received("back@unlisted-sim.com", null, FormType.NEWSLETTER))
                .ruleSetVersion()).isEqualTo(SHIPPED_VERSION);
    }

    @Test
    void aWrongRuleSetIsRefusedFieldByField() throws IOException {
        String wrong = shipped().replace("version: \"2026.11.3\"", "version: \"bad-1\"")
                .replace("warm: 30", "warm: 90").replace("  email_opened:", "  email_openned:");
        TestTokens.admin().contentType("application/yaml").body(bytes(wrong))
                .when().put("/api/v1/rulesets/bad-1")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("thresholds.warm"))
                .body("errors.field", hasItem("engagement.email_openned"));
        TestTokens.admin().contentType("application/yaml").body(bytes(shipped())).when().put("/api/v1/rulesets/other-version")
                .then().statusCode(400).body("errors[0].field", equalTo("version"));
        TestTokens.admin().contentType("application/yaml").body(bytes("fit: [")).when().put("/api/v1/rulesets/x")
                .then().statusCode(400).contentType("application/problem+json");
        TestTokens.admin().contentType("application/yaml").body(bytes(shipped())).when().put("/api/v1/rulesets/" + SHIPPED_VERSION)
                .then().statusCode(409);
        TestTokens.admin().when().post("/api/v1/rulesets/nope/publish").then().statusCode(404)
                .contentType("application/problem+json");
        TestTokens.admin().queryParam("days", 0).when().post("/api/v1/rulesets/" + SHIPPED_VERSION + "/simulate")
                .then().statusCode(400).body("errors[0].field", equalTo("days"));
    }

    @Test
    void firmographicsImportKeepsGoodRowsReportsBadOnesAndEnrichesLeads() {
        String csv = """
                domain,name,industry,employees,annual_revenue,country,funding_stage,funded_on,recent_news
                newco-import.io,NewCo,software,420,52000000,FR,series_b,2026-10-01,no
                bad-row.io,Bad Row,software,many,,FR,,,no
                oldco-import.fr,OldCo,manufacturing,35,,FR,,,false
                """;

        TestTokens.admin().contentType("text/csv").body(csv).when().post("/api/v1/admin/firmographics")
                .then().statusCode(200).body("stored", equalTo(2)).body("refused", equalTo(1))
                .body("errors[0].line", equalTo(3)).body("errors[0].field", equalTo("employees"));
        TestTokens.admin().when().get("/api/v1/admin/firmographics/NewCo-Import.io").then().statusCode(200)
                .body("name", equalTo("NewCo")).body("employees", equalTo(420));
        TestTokens.admin().when().get("/api/v1/admin/firmographics/unknown-co.io").then().statusCode(404);
        TestTokens.admin().contentType("text/csv").body("company,size\nx,1\n").when().post("/api/v1/admin/firmographics")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("line 1: domain"));

        LeadScored lead = scored(TestLeads.received("eva@newco-import.io", null, FormType.CONTACT));
        assertThat(lead.enrichment().companyName()).isEqualTo("NewCo");
        assertThat(lead.topContributions()).extracting(c -> c.rule()).contains("company.industry",
                "company.employees");
        assertThat(List.of(lead.enrichment().industry(), lead.enrichment().employeeBand()))
                .containsExactly("software", "201-1000");
    }
}
