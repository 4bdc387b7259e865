package io.leadflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The provisioned Grafana set-up: the datasource, the dashboard provider, and every dashboard's JSON with the fields
 * provisioning and rendering need; every PromQL expression parses (promtool) and names only metrics that exist.
 */
class GrafanaDashboardsTest {

    static final Path GRAFANA = Repo.DEPLOY.resolve("grafana");
    static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "bargauge", "gauge", "table", "piechart",
            "text", "row");
    static final Set<String> WITHOUT_QUERIES = Set.of("text", "row");
    static final Pattern METRIC = Pattern.compile("\\b((?:leadflow|kafka|http|jvm)_[a-z0-9_]+)");

    @Test
    void datasourceIsThePrometheusEveryPanelNames() {
        JsonNode datasources = Repo.yaml(GRAFANA.resolve("provisioning/datasources/prometheus.yml"));
        assertThat(datasources.path("apiVersion").asInt()).isEqualTo(1);
        JsonNode prometheus = datasources.at("/datasources/0");
        assertThat(prometheus.path("type").asText()).isEqualTo("prometheus");
        assertThat(prometheus.path("uid").asText()).isEqualTo("prometheus");
        assertThat(prometheus.path("url").asText()).isEqualTo("http://prometheus:9090");
    }

    @Test
    void providerLoadsTheDashboardsFolder() {
        JsonNode providers = Repo.yaml(GRAFANA.resolve("provisioning/dashboards/leadflow.yml"));
        assertThat(providers.path("apiVersion").asInt()).isEqualTo(1);
        JsonNode provider = providers.at("/providers/0");
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.at("/options/path").asText()).isEqualTo("/var/lib/grafana/dashboards");
    }

    @Test
    void theFiveDashboardsExist() {
        Set<String> uids = new TreeSet<>();
        PromQl.dashboards().forEach(file -> uids.add(Repo.json(file).path("uid").asText()));
        assertThat(uids).containsExactlyInAnyOrder("leadflow-speed-to-lead", "leadflow-funnel", "leadflow-reps",
                "leadflow-nurturing", "leadflow-pipeline");
    }

    @Test
    void everyDashboardHasWhatProvisioningNeeds() {
        SoftAssertions softly = new SoftAssertions();
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Path file : PromQl.dashboards()) {
            checkDashboard(softly, file.getFileName().toString(), Repo.json(file), uids, titles);
        }
        softly.assertAll();
    }

    @Test
    void aBrokenDashboardIsNoticed() {
        ObjectNode dashboard = (ObjectNode) Repo.json(PromQl.dashboards().get(0)).deepCopy();
        ObjectNode panel = (ObjectNode) dashboard.withArray("panels").get(1);
        panel.remove("gridPos");
        ((ObjectNode) panel.withArray("targets").get(0)).put("expr", " ");
        dashboard.remove("schemaVersion");
        SoftAssertions softly = new SoftAssertions();
        checkDashboard(softly, "broken.json", dashboard, new HashSet<>(), new HashSet<>());
        assertThat(softly.errorsCollected()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void everyExpressionParses() throws IOException {
        List<PromQl.Expression> expressions = PromQl.all();
        assertThat(expressions).hasSizeGreaterThan(40);
        ExternalTool promtool = PrometheusConfigTest.promtool();
        Path directory = Files.createTempDirectory("leadflow-promql");
        try {
            // promtool parses recording rules without any data: one rule per expression.
            ObjectNode rules = Repo.object();
            ArrayNode list = rules.putArray("groups").addObject().put("name", "every-expression").putArray("rules");
            for (int i = 0; i < expressions.size(); i++) {
                list.addObject().put("record", "leadflow:expression_" + i).put("expr", expressions.get(i).promql());
            }
            Path file = directory.resolve("expressions.yml");
            Repo.YAML.writeValue(file.toFile(), rules);
            ExternalTool.Result result = promtool.run(directory, "check", "rules", "expressions.yml");
            assertThat(result.succeeded()).as("%s%nexpressions by index:%n%s", result.output(), index(expressions))
                    .isTrue();
            assertThat(result.output()).contains("SUCCESS: " + expressions.size() + " rules found");
        } finally {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path path : files.toList()) {
                    Files.delete(path);
                }
            }
            Files.delete(directory);
        }
    }

    @Test
    void aTypoInAnExpressionFailsTheParse() throws IOException {
        ExternalTool promtool = PrometheusConfigTest.promtool();
        Path directory = Files.createTempDirectory("leadflow-promql");
        Path file = directory.resolve("typo.yml");
        try {
            Files.writeString(file, "groups:\n  - name: typo\n    rules:\n      - record: leadflow:typo\n"
                    + "        expr: sum by (le (rate(leadflow_time_to_assign_seconds_bucket[1m]))\n");
            assertThat(promtool.run(directory, "check", "rules", "typo.yml").succeeded()).isFalse();
        } finally {
            Files.deleteIfExists(file);
            Files.delete(directory);
        }
    }

    @Test
    void everyLeadflowMetricAnExpressionNamesIsRegisteredByAServiceAndCatalogued() throws IOException {
        Set<String> registered = ServiceMetrics.registeredNames();
        String catalogue = Files.readString(Repo.DEPLOY.resolve("README.md"));
        Set<String> unknown = new TreeSet<>();
        Set<String> uncatalogued = new TreeSet<>();
        for (PromQl.Expression expression : PromQl.all()) {
            Matcher matcher = METRIC.matcher(expression.promql());
            while (matcher.find()) {
                String metric = matcher.group(1);
                String base = ServiceMetrics.baseName(metric);
                if (metric.startsWith("leadflow_") && !registered.contains(base)) {
                    unknown.add(metric + " (" + expression.where() + ")");
                }
                if (!catalogue.contains("`" + base) && !catalogue.contains("`" + metric)) {
                    uncatalogued.add(metric + " (" + expression.where() + ")");
                }
            }
        }
        assertThat(unknown).as("metrics no service registers").isEmpty();
        assertThat(uncatalogued).as("metrics missing from deploy/README.md's catalogue").isEmpty();
    }

    static void checkDashboard(SoftAssertions softly, String name, JsonNode dashboard, Set<String> uids,
            Set<String> titles) {
        String uid = dashboard.path("uid").asText();
        softly.assertThat(uid).as(name + " uid").matches("[a-z0-9-]{1,40}");
        softly.assertThat(uids.add(uid)).as(name + " uid is unique").isTrue();
        String title = dashboard.path("title").asText();
        softly.assertThat(title).as(name + " title").isNotBlank();
        softly.assertThat(titles.add(title)).as(name + " title is unique").isTrue();
        softly.assertThat(dashboard.path("schemaVersion").asInt()).as(name + " schemaVersion")
                .isGreaterThanOrEqualTo(36);
        softly.assertThat(dashboard.path("panels").size()).as(name + " panels").isPositive();
        Set<Integer> ids = new HashSet<>();
        List<String> where = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String at = name + " / " + panel.path("title").asText("(untitled)");
            where.add(at);
            softly.assertThat(panel.path("title").asText()).as(at + " title").isNotBlank();
            softly.assertThat(ids.add(panel.path("id").asInt(-1))).as(at + " id is unique").isTrue();
            softly.assertThat(panel.path("id").isInt()).as(at + " id").isTrue();
            String type = panel.path("type").asText();
            softly.assertThat(type).as(at + " type").isIn(PANEL_TYPES);
            JsonNode grid = panel.path("gridPos");
            for (String field : List.of("x", "y", "w", "h")) {
                softly.assertThat(grid.path(field).isInt()).as(at + " gridPos." + field).isTrue();
            }
            softly.assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(at + " fits 24 columns")
                    .isBetween(1, 24);
            if (WITHOUT_QUERIES.contains(type)) {
                continue;
            }
            softly.assertThat(panel.at("/datasource/uid").asText()).as(at + " datasource").isEqualTo("prometheus");
            softly.assertThat(panel.path("targets").size()).as(at + " targets").isPositive();
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                softly.assertThat(refIds.add(target.path("refId").asText())).as(at + " refId unique").isTrue();
                softly.assertThat(target.path("refId").asText()).as(at + " refId").isNotBlank();
                softly.assertThat(target.path("expr").asText()).as(at + " expr").isNotBlank();
                softly.assertThat(target.at("/datasource/uid").asText()).as(at + " target datasource")
                        .isEqualTo("prometheus");
            }
        }
    }

    private static String index(List<PromQl.Expression> expressions) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < expressions.size(); i++) {
            text.append(i).append(": ").append(expressions.get(i).where()).append('\n');
        }
        return text.toString();
    }
}
