package io.leadflow.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.leadflow.support.security.DevTokens;
import io.leadflow.events.Topics;
import io.leadflow.testsupport.TestKafka;
import io.leadflow.testsupport.TestPostgres;
import io.leadflow.testsupport.Topic;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The shipped monitoring against the real system: the four packaged services as processes, leads driven through them
 * (hot ones accepted, declined, left to time out and breach a short SLA; cold ones replying, unsubscribing, bouncing;
 * a refused submission, a redelivered record, an unreadable record), a real Prometheus (Debian's package) scraping them
 * with {@code deploy/prometheus/prometheus.yml} and its alert rules, and then every dashboard panel's and every alert
 * rule's PromQL evaluated through Prometheus's HTTP API. Each expression must parse, and each must return data unless
 * a metric it needs is listed in {@link #ALLOWED_EMPTY} with the reason it has no series in this run.
 */
class MonitoringIT {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String LOCAL_API_KEY = "leadflow-local-demo-key";
    static final String ADMIN_TOKEN = "Bearer " + DevTokens.local().issue("system-tests", "admin");
    static final List<String> SERVICES = List.of("intake", "scoring", "routing", "nurturing");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Grafana's built-in variables as Grafana would fill them for a view of the last ten minutes. */
    static final Map<String, String> GRAFANA_VARIABLES = Map.of("$__rate_interval", "30s", "$__range", "10m",
            "$__interval", "1s");
    static final Pattern METRIC = Pattern.compile("\\b((?:leadflow|kafka|http|jvm)_[a-z0-9_]+)");

    /** Metrics that legitimately have no series in this run, and why. */
    static final Map<String, String> ALLOWED_EMPTY = Map.of(
            "leadflow_unassigned_queue", "a team's gauge appears once it had a queued lead; the demo reps, working "
                    + "around the clock with room for 1000 leads, can always take one",
            "leadflow_nurture_send_retries_total", "only when the SMTP server fails (the local mailer is a mock)",
            "leadflow_nurture_send_failed_total", "only when the SMTP server fails for good",
            "leadflow_nurture_throttled_total", "only above 30 emails a minute to one domain",
            "leadflow_nurture_skipped_total", "only for a lead without a fitting sequence, consent or template",
            "leadflow_nurture_sent_total", "only when a touch falls due during the run: a first touch goes out at once "
                    + "only on a weekday before 17:00 in the lead's time zone (the test picks one when it can)");

    /** Panels whose metric has series, but none matching the panel's filter in a healthy run. */
    static final Map<String, String> ALLOWED_EMPTY_PANELS = Map.of(
            "pipeline.json / HTTP server errors per second / A", "no request fails with a 5xx in a healthy run");

    static TestKafka kafka;
    static TestPostgres postgres;
    static KafkaCompanion companion;
    static final Map<String, ServiceProcess> services = new HashMap<>();
    static Path prometheusBinary;
    static Process prometheus;
    static int prometheusPort;
    static Path work;

    @BeforeAll
    static void startLeadflowAndPrometheus() throws Exception {
        prometheusBinary = requirePrometheus();
        Path root = Path.of(System.getProperty("leadflow.root", "..")).toAbsolutePath().normalize();
        kafka = TestKafka.start();
        postgres = TestPostgres.start();
        companion = new KafkaCompanion(kafka.bootstrapServers());
        for (String name : SERVICES) {
            String database = postgres.createDatabase("monitoring_" + name);
            Map<String, String> environment = new HashMap<>(Map.of(
                    "QUARKUS_PROFILE", "local",
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(database),
                    "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database),
                    "QUARKUS_DATASOURCE_USERNAME", postgres.user(),
                    "QUARKUS_DATASOURCE_PASSWORD", postgres.password()));
            if (name.equals("routing")) {
                // Short timers, so reassignments and SLA breaches happen within the test.
                environment.put("LEADFLOW_ROUTING_ACK_TIMEOUT", "PT3S");
                environment.put("LEADFLOW_ROUTING_SLA", "PT6S");
                environment.put("LEADFLOW_ROUTING_SWEEP_INTERVAL", "PT0.5S");
            }
            if (name.equals("nurturing")) {
                environment.put("LEADFLOW_NURTURING_SCHEDULER_INTERVAL", "1s");
            }
            services.put(name, ServiceProcess.start(root, name, environment));
        }
        services.values().forEach(service -> service.awaitReady(Duration.ofSeconds(120)));
        work = Files.createDirectories(root.resolve("system-tests/target/monitoring-it"));
        prometheusPort = freePort();
        Path config = writeScrapeConfig(root.resolve("deploy/prometheus"), work);
        Path storage = work.resolve("tsdb-" + UUID.randomUUID());
        prometheus = new ProcessBuilder(prometheusBinary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + storage, "--web.listen-address=127.0.0.1:" + prometheusPort,
                "--web.enable-lifecycle").redirectErrorStream(true)
                .redirectOutput(work.resolve("prometheus.log").toFile()).start();
        Awaitility.await("Prometheus ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!prometheus.isAlive()) {
                        throw new IllegalStateException("prometheus exited; see " + work.resolve("prometheus.log"));
                    }
                    return status("/-/ready") == 200;
                });
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (ServiceProcess service : services.values()) {
            service.close();
        }
        if (companion != null) {
            companion.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyDashboardPanelAndAlertRuleEvaluatesAgainstTheRunningServices() throws Exception {
        driveLeads();

        // Every series the run produced has been scraped at least once after it appeared.
        Awaitility.await("Prometheus scraped the run").atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() ->
                answers("leadflow_sla_breaches_total > 0") && answers("leadflow_reassignments_total > 0")
                        && hasData("leadflow_events_dead_lettered_total") && hasData("leadflow_nurture_replies_total")
                        && hasData("leadflow_nurture_unsubscribes_total") && hasData("leadflow_nurture_bounces_total")
                        && hasData("leadflow_events_duplicate_total") && hasData("leadflow_marketing_spend")
                        && answers("leadflow_assignment_outcomes_total{outcome=\"converted\"} > 0")
                        && answers("leadflow_funnel_stage_reached_total{stage=\"converted\"} > 0")
                        && hasData("kafka_consumer_fetch_manager_records_lag_max"));

        Path root = Path.of(System.getProperty("leadflow.root", "..")).toAbsolutePath().normalize();
        Map<String, String> expressions = dashboardExpressions(root.resolve("deploy/grafana/dashboards"));
        assertThat(expressions).hasSizeGreaterThan(40);
        // A counter that appeared a moment ago has one sample, too few for rate(): evaluate until every expression
        // answers, within a bound, and report what still fails.
        Evaluation[] last = new Evaluation[1];
        try {
            Awaitility.await("every expression answers").atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> {
                        last[0] = evaluate(expressions);
                        return last[0].problems().isEmpty();
                    });
        } catch (ConditionTimeoutException timeout) {
            // The assertion below names each failing expression.
        }
        System.out.printf("MonitoringIT: %d dashboard expressions and %d alert rules evaluated; allowed empty: %s%n",
                expressions.size(), last[0].alertRules(), last[0].allowedEmpty());
        assertThat(last[0].alertRules()).isEqualTo(10);
        assertThat(last[0].problems()).as("expressions that fail or return no data").isEmpty();

        // The unreadable record reached a dead-letter topic: the alert for it fires, for the consumer that parked it.
        Awaitility.await("LeadflowDeadLetters firing").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> firing("LeadflowDeadLetters").contains("routing-scored"));
    }

    record Evaluation(Set<String> problems, Set<String> allowedEmpty, int alertRules) {
    }

    /**
     * Every dashboard expression through {@code /api/v1/query}, and every alert rule's state from {@code /api/v1/rules}
     * (evaluated without error, every metric it watches has series).
     */
    static Evaluation evaluate(Map<String, String> expressions) throws Exception {
        Set<String> problems = new TreeSet<>();
        Set<String> allowedEmpty = new TreeSet<>();
        for (Map.Entry<String, String> expression : expressions.entrySet()) {
            JsonNode answer = query(expression.getValue());
            if (!"success".equals(answer.path("status").asText())) {
                problems.add(expression.getKey() + ": " + answer.path("error").asText());
                continue;
            }
            if (answer.at("/data/result").isEmpty()) {
                List<String> missing = metricsWithoutSeries(expression.getValue());
                if (ALLOWED_EMPTY_PANELS.containsKey(expression.getKey())) {
                    allowedEmpty.add(expression.getKey());
                } else if (!missing.isEmpty() && ALLOWED_EMPTY.keySet().containsAll(missing)) {
                    allowedEmpty.add(expression.getKey() + " (" + missing + ")");
                } else {
                    problems.add(expression.getKey() + ": no data; metrics without series: " + missing);
                }
            }
        }
        int alertRules = 0;
        for (JsonNode group : get("/api/v1/rules").at("/data/groups")) {
            for (JsonNode rule : group.path("rules")) {
                alertRules++;
                String name = "alert " + rule.path("name").asText();
                if (!"ok".equals(rule.path("health").asText())) {
                    problems.add(name + ": health " + rule.path("health").asText() + " "
                            + rule.path("lastError").asText());
                }
                List<String> missing = metricsWithoutSeries(rule.path("query").asText());
                missing.removeAll(ALLOWED_EMPTY.keySet());
                if (!missing.isEmpty()) {
                    problems.add(name + ": metrics without series " + missing);
                }
            }
        }
        return new Evaluation(problems, allowedEmpty, alertRules);
    }

    /** Hot leads accepted, declined and ignored; cold ones that reply, unsubscribe and bounce; bad input. */
    static void driveLeads() throws Exception {
        // The per-source panels divide by increase(leads received): Prometheus must have scraped the counters at 0
        // before the first lead, or the increase it sees is 0 and those panels answer nothing.
        Awaitility.await("Prometheus scraped intake's counters at 0").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> answers("leadflow_leads_received_total{source=\"website\"} == 0"));
        // This month's marketing spend, through intake's admin endpoint, for the cost per lead and per SQL panels.
        given().header("Authorization", ADMIN_TOKEN).contentType(ContentType.JSON).body("""
                [{"source": "website", "campaign": "seo-content", "amount": 1500, "currency": "EUR"},
                 {"source": "webinar", "campaign": "quarterly-webinar", "amount": 900.50, "currency": "EUR"}]
                """)
                .when().put(url("intake", "/api/v1/admin/spend/" + YearMonth.now(ZoneOffset.UTC)))
                .then().statusCode(200);
        List<String> hot = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            hot.add(submit("""
                    {"email": "claire.martin+%s@acme-industries.fr", "firstName": "Claire", "lastName": "Martin",
                     "company": "Acme Industries", "jobTitle": "Directrice commerciale", "country": "FR",
                     "source": "website", "formType": "quote_request", "marketingConsent": true}
                    """.formatted(UUID.randomUUID())));
        }
        String zone = workingHoursZone().orElse("Europe/Paris");
        List<String> cold = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cold.add(submit("""
                    {"email": "reader%s@gmail.com", "firstName": "Alex", "country": "NZ", "language": "en",
                     "timeZone": "%s", "source": "webinar", "formType": "newsletter", "marketingConsent": true}
                    """.formatted(UUID.randomUUID(), zone)));
        }
        // A refused submission.
        given().header("X-Api-Key", LOCAL_API_KEY).contentType(ContentType.JSON).body("{\"country\": \"FR\"}")
                .when().post(url("intake", "/api/v1/leads")).then().statusCode(greaterThanOrEqualTo(400));

        // The first hot lead is accepted, the second declined; the others time out (reassigned) and breach the SLA.
        String accepted = awaitAssignment(hot.get(0));
        given().header("Authorization", ADMIN_TOKEN).when().post(url("routing", "/api/v1/assignments/" + accepted + "/accept")).then().statusCode(200);
        // The accepted lead goes all the way: contacted, a meeting, converted.
        for (String outcome : List.of("contacted", "meeting_booked", "converted")) {
            given().header("Authorization", ADMIN_TOKEN).contentType(ContentType.JSON)
                    .body("{\"outcome\": \"" + outcome + "\"}")
                    .when().post(url("routing", "/api/v1/assignments/" + accepted + "/outcome")).then().statusCode(200);
        }
        String declined = awaitAssignment(hot.get(1));
        given().header("Authorization", ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"reason\": \"on holiday\"}")
                .when().post(url("routing", "/api/v1/assignments/" + declined + "/decline")).then().statusCode(200);

        // Cold leads: wait for their enrollment, then a reply, an unsubscribe and a hard bounce.
        for (String lead : cold) {
            Awaitility.await("enrollment of " + lead).atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> given().header("Authorization", ADMIN_TOKEN).when()
                            .get(url("nurturing", "/api/v1/leads/" + lead + "/enrollment"))
                            .statusCode() == 200);
        }
        String[] activities = { "email_replied", "unsubscribed", "email_bounced" };
        for (int i = 0; i < activities.length; i++) {
            given().header("X-Api-Key", LOCAL_API_KEY).contentType(ContentType.JSON)
                    .body("{\"leadId\": \"" + cold.get(i) + "\", \"activity\": \"" + activities[i] + "\"}")
                    .when().post(url("intake", "/api/v1/engagements")).then().statusCode(202);
        }

        // A redelivered record (same event id) and an unreadable one, on the topic routing and nurturing read.
        ConsumerRecord<String, String> scored = new Topic(companion, Topics.SCORED)
                .await(record -> hot.get(0).equals(record.key()));
        companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.SCORED, null, scored.key(), scored.value(),
                scored.headers())).awaitCompletion(WAIT);
        companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.SCORED, UUID.randomUUID().toString(),
                "this is not JSON")).awaitCompletion(WAIT);
    }

    /** A zone where it is now a weekday between 9:00 and 16:00, so a first touch is due at once, if there is one. */
    static Optional<String> workingHoursZone() {
        for (String zone : List.of("Pacific/Auckland", "Australia/Sydney", "Asia/Tokyo", "Asia/Kolkata",
                "Europe/Paris", "Europe/London", "America/New_York", "America/Chicago", "America/Los_Angeles",
                "Pacific/Honolulu")) {
            ZonedDateTime now = ZonedDateTime.now(ZoneId.of(zone));
            if (now.getDayOfWeek() != DayOfWeek.SATURDAY && now.getDayOfWeek() != DayOfWeek.SUNDAY
                    && now.getHour() >= 9 && now.getHour() < 16) {
                return Optional.of(zone);
            }
        }
        return Optional.empty();
    }

    static String submit(String body) {
        return given().header("X-Api-Key", LOCAL_API_KEY).contentType(ContentType.JSON).body(body)
                .when().post(url("intake", "/api/v1/leads"))
                .then().statusCode(202).extract().path("leadId");
    }

    /** The id of the lead's assignment once a rep has it. */
    static String awaitAssignment(String leadId) {
        List<String> reps = given().header("Authorization", ADMIN_TOKEN).when().get(url("routing", "/api/v1/reps")).then().statusCode(200)
                .extract().jsonPath().getList("id");
        String[] found = new String[1];
        Awaitility.await("assignment of " + leadId).atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (String rep : reps) {
                List<String> ids = given().header("Authorization", ADMIN_TOKEN).when().get(url("routing", "/api/v1/reps/" + rep + "/assignments"))
                        .then().statusCode(200).extract().jsonPath()
                        .getList("findAll { it.leadId == '" + leadId + "' && it.status == 'assigned' }.assignmentId");
                if (!ids.isEmpty()) {
                    found[0] = ids.get(0);
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    static Map<String, String> dashboardExpressions(Path dashboards) throws IOException {
        Map<String, String> expressions = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dashboards)) {
            files = list.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(5);
        for (Path file : files) {
            for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    for (Map.Entry<String, String> variable : GRAFANA_VARIABLES.entrySet()) {
                        expr = expr.replace(variable.getKey(), variable.getValue());
                    }
                    expressions.put(file.getFileName() + " / " + panel.path("title").asText() + " / "
                            + target.path("refId").asText(), expr);
                }
            }
        }
        return expressions;
    }

    /** The metrics an expression names that have no series at all in Prometheus. */
    static List<String> metricsWithoutSeries(String expression) throws Exception {
        List<String> missing = new ArrayList<>();
        Matcher matcher = METRIC.matcher(expression);
        Set<String> seen = new TreeSet<>();
        while (matcher.find()) {
            if (seen.add(matcher.group(1)) && !hasData(matcher.group(1))) {
                missing.add(matcher.group(1));
            }
        }
        return missing;
    }

    static boolean hasData(String metric) throws Exception {
        return !query("count({__name__=\"" + metric + "\"})").at("/data/result").isEmpty();
    }

    static boolean answers(String promql) throws Exception {
        return !query(promql).at("/data/result").isEmpty();
    }

    static Set<String> firing(String alert) throws Exception {
        Set<String> consumers = new TreeSet<>();
        for (JsonNode firing : get("/api/v1/alerts").at("/data/alerts")) {
            if (alert.equals(firing.at("/labels/alertname").asText())
                    && "firing".equals(firing.path("state").asText())) {
                consumers.add(firing.at("/labels/consumer").asText());
            }
        }
        return consumers;
    }

    static JsonNode query(String promql) throws Exception {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + prometheusPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    static int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The shipped scrape configuration with the targets moved to the services' ports, scraped and evaluated every
     * second; the alert rules next to it, as the config expects.
     */
    static Path writeScrapeConfig(Path shipped, Path directory) throws IOException {
        String config = Files.readString(shipped.resolve("prometheus.yml"));
        Map<String, String> replacements = new TreeMap<>();
        replacements.put("intake:8081", "127.0.0.1:" + services.get("intake").port);
        replacements.put("scoring:8082", "127.0.0.1:" + services.get("scoring").port);
        replacements.put("routing:8083", "127.0.0.1:" + services.get("routing").port);
        replacements.put("nurturing:8084", "127.0.0.1:" + services.get("nurturing").port);
        replacements.put("localhost:9090", "127.0.0.1:" + prometheusPort);
        replacements.put("scrape_interval: 15s", "scrape_interval: 1s");
        replacements.put("evaluation_interval: 15s", "evaluation_interval: 1s");
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            if (!config.contains(replacement.getKey())) {
                fail("deploy/prometheus/prometheus.yml no longer contains " + replacement.getKey()
                        + ": update MonitoringIT");
            }
            config = config.replace(replacement.getKey(), replacement.getValue());
        }
        Files.copy(shipped.resolve("alerts.yml"), directory.resolve("alerts.yml"), StandardCopyOption.REPLACE_EXISTING);
        Path file = directory.resolve("prometheus.yml");
        Files.writeString(file, config);
        return file;
    }

    /** Debian's prometheus: required under CI=true (./leadflow test installs it), skipped loudly elsewhere. */
    static Path requirePrometheus() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "prometheus");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "prometheus is not installed: apt-get install -y --no-install-recommends prometheus "
                + "(./leadflow test installs it when CI=true)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
        return null;
    }

    static String url(String service, String path) {
        return services.get(service).url(path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
