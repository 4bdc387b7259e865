package io.leadflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The shipped scrape configuration and alert rules, checked and unit-tested by promtool. */
class PrometheusConfigTest {

    static final Path PROMETHEUS = Repo.DEPLOY.resolve("prometheus");
    static final Map<String, String> SERVICES = Map.of("intake-service", "intake:8081", "scoring-service",
            "scoring:8082", "routing-service", "routing:8083", "nurturing-service", "nurturing:8084");

    @Test
    void scrapeConfigIsValidAndLoadsTheAlertRules() {
        ExternalTool.Result result = promtool().run(PROMETHEUS, "check", "config", "prometheus.yml");
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("1 rule files found").contains("SUCCESS: 10 rules found");
    }

    @Test
    void everyServiceIsScrapedOnItsMetricsPath() {
        JsonNode config = Repo.yaml(PROMETHEUS.resolve("prometheus.yml"));
        List<String> jobs = new ArrayList<>();
        for (JsonNode job : config.get("scrape_configs")) {
            String name = job.get("job_name").asText();
            jobs.add(name);
            if (SERVICES.containsKey(name)) {
                assertThat(job.path("metrics_path").asText()).as(name).isEqualTo("/q/metrics");
                assertThat(job.at("/static_configs/0/targets/0").asText()).as(name).isEqualTo(SERVICES.get(name));
            }
        }
        assertThat(jobs).containsAll(SERVICES.keySet());
    }

    @Test
    void alertRulesPassTheirUnitTests() {
        ExternalTool.Result result = promtool().run(PROMETHEUS, "test", "rules", "alerts.test.yml");
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasATestThatSeesItFire() {
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : Repo.yaml(PROMETHEUS.resolve("alerts.yml")).get("groups")) {
            group.get("rules").forEach(rule -> alerts.add(rule.get("alert").asText()));
        }
        List<String> seenFiring = new ArrayList<>();
        for (JsonNode test : Repo.yaml(PROMETHEUS.resolve("alerts.test.yml")).get("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (check.path("exp_alerts").size() > 0) {
                    seenFiring.add(check.get("alertname").asText());
                }
            }
        }
        assertThat(alerts).containsExactlyInAnyOrder("LeadflowServiceDown", "LeadflowSlaBreaches",
                "LeadflowUnassignedLeadsWaiting", "LeadflowConsumerLagGrowing", "LeadflowImportStalled",
                "LeadflowDeadLetters",
                "LeadflowOutboxBacklog", "LeadflowOutboxRelayFailing", "LeadflowIntakeOutboxFull",
                "LeadflowOutboundDeliveriesFailing");
        assertThat(seenFiring).containsAll(alerts);
    }

    static ExternalTool promtool() {
        return ExternalTool.require("promtool", "prometheus");
    }
}
