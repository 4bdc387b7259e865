package io.leadflow.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The short form of the fault suite (what CI runs): one stack, a steady stream of leads, one fault per scenario, then
 * every promise reconciled exactly. Writes {@code target/fault-results.md}: scenario, fault, leads in flight, result,
 * recovery time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    static final double LEADS_PER_SECOND = 6;
    /** Generous: the suite shares two cores with other builds, and a check only waits as long as something is wrong. */
    static final Duration RECOVERY = Duration.ofSeconds(300);
    static final List<String> RESULTS = new ArrayList<>();
    static Stack stack;
    static Reconciliation reconcile;

    @BeforeAll
    static void startTheStack() throws Exception {
        stack = new Stack();
        stack.start();
        reconcile = new Reconciliation(stack);
    }

    @AfterAll
    static void stopTheStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
        Path results = Path.of(System.getProperty("leadflow.root", "..")).resolve("fault-tests/target/fault-results.md");
        Files.writeString(results, "| scenario | fault | leads in flight | result | recovery |\n|---|---|---|---|---|\n"
                + String.join("\n", RESULTS) + "\n");
    }

    /** Waits (bounded) until the stream has {@code more} leads accepted beyond what it had. */
    static void awaitMoreAccepted(LeadStream stream, int more) {
        int target = stream.acceptedCount() + more;
        Awaitility.await("another " + more + " leads accepted").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200)).until(() -> stream.acceptedCount() >= target);
    }

    /**
     * Waits until every promise holds for the stream's leads (bounded by {@link #RECOVERY}), records the row, and
     * fails listing what still does not hold.
     */
    static void reconcile(String scenario, String fault, LeadStream stream, long faultEndedAt) throws Exception {
        reconcile(scenario, fault, List.copyOf(stream.accepted.values()), faultEndedAt);
    }

    static void reconcile(String scenario, String fault, List<LeadStream.Accepted> leads, long faultEndedAt)
            throws Exception {
        try {
            Awaitility.await(scenario + ": every promise holds").atMost(RECOVERY).pollInterval(Duration.ofSeconds(1))
                    .until(() -> whatIsWrong(leads).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // The time-out interrupts the check in progress: check once more, uninterrupted, to say what is wrong.
            List<String> wrong = whatIsWrong(leads);
            RESULTS.add(row(scenario, fault, leads.size(), "FAILED: " + first(wrong), faultEndedAt));
            Map<String, List<String>> sessions = new java.util.TreeMap<>();
            Stack.SERVICES.forEach(database -> sessions.put(database, reconcile.sessions(database)));
            throw new AssertionError(scenario + ": after " + RECOVERY.toSeconds() + " s still wrong: " + wrong
                    + "; sessions in a transaction or waiting: " + sessions + "; groups: " + reconcile.groups()
                    + "; database clients: " + stack.databaseClientGauges() + "; thread dumps: "
                    + stack.threadDumps(), e);
        }
        List<String> received = reconcile.receivedOnce(leads);
        List<String> cool = leads.stream().filter(lead -> !lead.hot()).map(LeadStream.Accepted::leadId).toList();
        int sent = reconcile.touchesSent(cool);
        String result = received.isEmpty() ? "ok (" + sent + " touches sent, " + reconcile.slaBreaches()
                + " SLA breaches fired so far)" : "FAILED: " + first(received);
        RESULTS.add(row(scenario, fault, leads.size(), result, faultEndedAt));
        assertThat(received).as("every accepted lead on leads.received exactly once").isEmpty();
        assertThat(leads).as("leads accepted during the scenario").isNotEmpty();
        if (!cool.isEmpty()) {
            assertThat(sent).as("touches sent to the scenario's leads that are not hot (windows open all day)")
                    .isPositive();
        }
    }

    /** Every promise that does not hold (yet) for these leads; empty when all do. */
    static List<String> whatIsWrong(List<LeadStream.Accepted> leads) {
        List<String> wrong = new ArrayList<>();
        try {
            unsettled(wrong);
            wrong.addAll(reconcile.scoredOnce(leads));
            List<String> ids = leads.stream().map(LeadStream.Accepted::leadId).toList();
            Set<String> hot = reconcile.hotLeads(leads);
            wrong.addAll(reconcile.oneActiveAssignment(hot));
            List<String> cool = ids.stream().filter(id -> !hot.contains(id)).toList();
            wrong.addAll(reconcile.oneActiveEnrollment(cool));
            wrong.addAll(reconcile.slaTimersKept(hot));
            wrong.addAll(reconcile.overdueSlaTimers());
            wrong.addAll(reconcile.touchesSentOnce(ids));
            wrong.addAll(reconcile.touchesDueDone(ids));
            lagging(wrong);
        } catch (Exception e) {
            wrong.add("cannot check yet: " + e);
        }
        return wrong;
    }

    /** Adds what keeps the stack from having settled: a service not ready, events left in intake's outbox. */
    static void unsettled(List<String> wrong) throws Exception {
        if (!stack.services.keySet().stream().allMatch(stack::ready)) {
            wrong.add("not every service is ready");
        }
        if (reconcile.outboxPending() > 0) {
            wrong.add("intake's outbox still holds events");
        }
    }

    /** Adds any consumer group's lag. */
    static void lagging(List<String> wrong) throws Exception {
        Map<String, Long> lag = reconcile.lagByPartition();
        if (!lag.isEmpty()) {
            wrong.add("consumer lag " + lag.values().stream().mapToLong(Long::longValue).sum() + " " + lag);
        }
    }

    static String row(String scenario, String fault, int leads, String result, long faultEndedAt) {
        return "| %s | %s | %d | %s | %.1f s |".formatted(scenario, fault, leads, result,
                (System.nanoTime() - faultEndedAt) / 1e9);
    }

    static String first(List<String> wrong) {
        return wrong.isEmpty() ? "" : wrong.get(0) + (wrong.size() > 1 ? " (+" + (wrong.size() - 1) + " more)" : "");
    }

    @Test
    @Order(1)
    void aCrashOfEachServiceLosesAndDoublesNothing() throws Exception {
        long ended;
        LeadStream stream = new LeadStream(stack, "crash-" + UUID.randomUUID().toString().substring(0, 6),
                LEADS_PER_SECOND);
        try {
            for (String service : List.of("scoring", "routing", "nurturing", "intake")) {
                awaitMoreAccepted(stream, 10);
                stack.crashAndRestart(service);
            }
            ended = System.nanoTime();
            awaitMoreAccepted(stream, 10);
        } finally {
            stream.close();
        }
        reconcile("kill -9 each service in turn", "SIGKILL scoring, routing, nurturing, intake; restart", stream,
                ended);
    }

    private static final java.util.regex.Pattern RELAY_FAILING = java.util.regex.Pattern
            .compile("\"relay\"\\s*:\\s*\"failing\"");

    @Test
    @Order(2)
    void aBrokerCrashLosesNoAcceptedLeadAndKeepsEachLeadsFormsInOrder() throws Exception {
        long ended;
        String run = "broker-" + UUID.randomUUID().toString().substring(0, 6);
        LeadStream stream = new LeadStream(stack, run, LEADS_PER_SECOND);
        // Known people filling more forms: before the crash (published at once), while the broker is down (they
        // wait in intake's outbox) and right after it is back (while the outbox drains).
        List<String> markers = List.of(run + "-form-1", run + "-form-2", run + "-form-3");
        Map<String, List<String>> submitted = new java.util.LinkedHashMap<>();
        List<LeadStream.Accepted> again;
        try {
            awaitMoreAccepted(stream, 10);
            again = stream.accepted.values().stream().filter(lead -> !lead.hot()).limit(4).toList();
            submitAgain(again, markers.get(0), submitted);
            stack.kafka.kill9();
            long attempts = stream.attempts.get();
            submitAgain(again, markers.get(1), submitted);
            // Leads keep coming while the broker is down; the outbox answers for them.
            Awaitility.await("leads sent while the broker is down").atMost(Duration.ofSeconds(60))
                    .until(() -> stream.attempts.get() >= attempts + 20);
            // Intake stays in rotation without the broker (its outbox keeps the leads); its readiness says it is
            // degraded instead.
            Awaitility.await("intake ready, its relay failing").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> stack.ready("intake") && RELAY_FAILING.matcher(
                            stack.body("intake", "/q/health/ready")).find());
            stack.startKafka();
            submitAgain(again, markers.get(2), submitted);
            ended = System.nanoTime();
            stack.awaitReady(Duration.ofSeconds(120));
            awaitMoreAccepted(stream, 10);
        } finally {
            stream.close();
        }
        reconcile("kill -9 the broker", "SIGKILL Kafka, restart after 20 more leads were sent; " + again.size()
                + " people sent 3 more forms around it", stream, ended);
        assertThat(submitted.values()).as("people who sent more than one form across the crash")
                .anyMatch(forms -> forms.size() >= 2);
        assertThat(reconcile.formsInTopicOrder(submitted.keySet(), markers))
                .as("each person's later forms on leads.engagement once each, in the order they were sent")
                .isEqualTo(submitted);
    }

    /** Posts another form for each of these known people, with {@code campaign} to tell it apart; notes each 202. */
    static void submitAgain(List<LeadStream.Accepted> leads, String campaign, Map<String, List<String>> submitted)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (LeadStream.Accepted lead : leads) {
            String body = """
                    {"email":"%s","firstName":"Fault","lastName":"Again","company":"Tailspin","jobTitle":"Analyst",\
                    "country":"FR","source":"website","campaign":"%s","formType":"newsletter",\
                    "marketingConsent":true}"""
                    .formatted(lead.email(), campaign);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.url("intake",
                    "/api/v1/leads"))).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("X-Api-Key", Stack.API_KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                assertThat(accepted(response.body())).as("a known person keeps their lead id").isEqualTo(lead.leadId());
                submitted.computeIfAbsent(lead.leadId(), k -> new ArrayList<>()).add(campaign);
            }
        }
    }

    @Test
    @Order(3)
    void postgresqlGoneForAWhileIsWaitedOutAndNothingAcceptedIsLost() throws Exception {
        long ended;
        LeadStream stream = new LeadStream(stack, "pg-" + UUID.randomUUID().toString().substring(0, 6),
                LEADS_PER_SECOND);
        try {
            awaitMoreAccepted(stream, 10);
            stack.postgres.stop();
            Awaitility.await("intake not ready without its database").atMost(Duration.ofSeconds(60))
                    .until(() -> !stack.ready("intake"));
            long refusedBefore = refused(stream);
            Awaitility.await("leads refused while the database is down").atMost(Duration.ofSeconds(60))
                    .until(() -> refused(stream) >= refusedBefore + 10);
            assertThat(Stack.SERVICES).allSatisfy(service -> assertThat(stack.services.get(service).alive())
                    .as(service + " still running").isTrue());
            stack.startPostgres();
            ended = System.nanoTime();
            stack.awaitReady(Duration.ofSeconds(120));
            awaitMoreAccepted(stream, 10);
        } finally {
            stream.close();
        }
        reconcile("PostgreSQL stopped", "clean stop until 10 leads were refused, then restart", stream, ended);
    }

    static long refused(LeadStream stream) {
        return stream.refusedByStatus.values().stream().mapToLong(count -> count.get()).sum();
    }

    @Test
    @Order(4)
    void poisonOnEveryConsumedTopicIsDeadLetteredOncePerConsumerAndTheFlowGoesOn() throws Exception {
        // How many services consume each topic (each dead-letters a poison record once).
        Map<String, Integer> consumers = Map.of("leads.received", 1, "leads.engagement", 2, "leads.scored", 2,
                "leads.assigned", 2, "leads.nurture", 1);
        String marker = "poison-" + UUID.randomUUID();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (String topic : consumers.keySet()) {
                for (String value : List.of("{not json " + marker, "{\"marker\":\"" + marker + "\"}")) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(topic, UUID.randomUUID().toString(),
                            value);
                    record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                    record.headers().add("ce_type", "unknown.type.v1".getBytes(StandardCharsets.UTF_8));
                    producer.send(record).get();
                }
            }
        }
        long sent = System.nanoTime();
        LeadStream stream = new LeadStream(stack, "poison-" + UUID.randomUUID().toString().substring(0, 6),
                LEADS_PER_SECOND);
        try {
            for (Map.Entry<String, Integer> topic : consumers.entrySet()) {
                String dlq = topic.getKey() + ".dlq";
                Awaitility.await(dlq + " holds the poison").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> deadLettered(dlq, marker) >= 2L
                                * topic.getValue());
            }
            awaitMoreAccepted(stream, 10);
        } finally {
            stream.close();
        }
        for (Map.Entry<String, Integer> topic : consumers.entrySet()) {
            assertThat(deadLettered(topic.getKey() + ".dlq", marker)).as(topic.getKey() + ": once per consumer")
                    .isEqualTo(2L * topic.getValue());
        }
        reconcile("poison records", "bad JSON and missing fields on every consumed topic", stream, sent);
    }

    static long deadLettered(String dlq, String marker) {
        return reconcile.readAll(dlq).stream().filter(r -> r.value() != null && r.value().contains(marker)).count();
    }

    @Test
    @Order(5)
    void aRetriedOrDuplicatedRequestWithItsIdempotencyKeyMakesOneLead() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String email = "retry-" + UUID.randomUUID() + "@tailspin.io";
        String body = """
                {"email":"%s","firstName":"Re","lastName":"Try","jobTitle":"CEO","country":"FR",\
                "source":"website","formType":"demo_request","marketingConsent":true}""".formatted(email);
        String key = UUID.randomUUID().toString();
        Callable<String> post = () -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.url("intake",
                    "/api/v1/leads"))).header("Content-Type", "application/json").header("X-Api-Key", Stack.API_KEY)
                    .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        };
        long started = System.nanoTime();
        List<Future<String>> concurrent = new ArrayList<>();
        var pool = Executors.newFixedThreadPool(6);
        try {
            for (int i = 0; i < 6; i++) {
                concurrent.add(pool.submit(post));
            }
            Set<String> answers = new HashSet<>();
            for (Future<String> answer : concurrent) {
                answers.add(answer.get());
            }
            answers.add(post.call());
            answers.add(post.call());
            // Concurrent duplicates may be told to retry (409 while the first is in flight), never given a second lead.
            Set<String> accepted = new HashSet<>(answers.stream().filter(a -> a.startsWith("202")).toList());
            assertThat(accepted).as("one answer for every 202").hasSize(1);
            assertThat(answers).allSatisfy(a -> assertThat(a).matches("^(202|409) .*"));
        } finally {
            pool.shutdownNow();
        }
        LeadStream.Accepted lead = new LeadStream.Accepted(accepted(post.call()), email, true);
        reconcile("idempotent retries", "6 concurrent duplicates and 3 retries of one request", List.of(lead),
                started);
    }

    @Test
    @Order(6)
    void withTwoInstancesOfRoutingAndNurturingOneKilledMidRunEachLeadIsHandledOnceAndRotationStaysFair()
            throws Exception {
        stack.startInstance("routing", "routing-2");
        stack.startInstance("nurturing", "nurturing-2");
        long turnsBefore = reconcile.rotationTurns();
        long ended;
        LeadStream stream = new LeadStream(stack, "pair-" + UUID.randomUUID().toString().substring(0, 6),
                LEADS_PER_SECOND);
        try {
            awaitMoreAccepted(stream, 15);
            stack.crash("routing");
            stack.crash("nurturing");
            // The survivors take the partitions over and carry on alone.
            awaitMoreAccepted(stream, 15);
            stack.restart("routing", "nurturing");
            ended = System.nanoTime();
            awaitMoreAccepted(stream, 10);
        } finally {
            stream.close();
        }
        reconcile("two instances, one killed", "second routing and nurturing; SIGKILL the first of each mid-run",
                stream, ended);
        // The rotation's guarantee: one shared turn counter in PostgreSQL, advanced in the assigning transaction, so
        // whichever instance or partition handles a lead, turns are handed out once each and in sequence, and over
        // any run of consecutive turns the three demo reps' shares differ by at most one. The scenario's leads took
        // `hot` of the `turns` handed out meanwhile; every turn someone else took (a reassignment, a lead of another
        // scenario) may widen the spread of the scenario's own leads by one more.
        Set<String> hot = reconcile.hotLeads(stream.accepted.values());
        long turns = reconcile.rotationTurns() - turnsBefore;
        Map<String, Integer> perRep = reconcile.assignmentsPerRep(hot);
        assertThat(turns).as("a rotation turn for each of the " + hot.size() + " hot leads").isGreaterThanOrEqualTo(
                hot.size());
        assertThat(perRep).as("every demo rep had leads").hasSize(3);
        assertThat(java.util.Collections.max(perRep.values()) - java.util.Collections.min(perRep.values()))
                .as("round robin across instances and a crash: " + perRep + ", " + turns + " turns for "
                        + hot.size() + " hot leads").isLessThanOrEqualTo((int) (1 + turns - hot.size()));
    }

    @Test
    @Order(7)
    void aConsumerFrozenPastItsSessionLosesItsPartitionsAndCannotAssignOrSendTwiceWhenItWakes() throws Exception {
        stack.ensureInstance("routing", "routing-2");
        stack.ensureInstance("nurturing", "nurturing-2");
        Proc routing = stack.services.get("routing");
        Proc nurturing = stack.services.get("nurturing");
        long ended;
        long movedAfter;
        int hotAfterFreeze;
        int onFrozenPartitions;
        LeadStream stream = new LeadStream(stack, "frozen-" + UUID.randomUUID().toString().substring(0, 6),
                LEADS_PER_SECOND);
        try {
            awaitMoreAccepted(stream, 10);
            Map<String, Set<Integer>> routingBefore = stableGroup("routing-service");
            Map<String, Set<Integer>> nurturingBefore = stableGroup("nurturing-service");
            Set<String> beforeFreeze = Set.copyOf(stream.accepted.keySet());
            routing.freeze();
            nurturing.freeze();
            long frozenAt = System.nanoTime();
            try {
                // The session time-out (10 s here) expires the frozen members; the group settles without them.
                Set<Integer> frozenPartitions = awaitGone("routing-service", routingBefore);
                awaitGone("nurturing-service", nurturingBefore);
                // Reported, not asserted: how soon depends on the session time-out and on how loaded the machine is.
                movedAfter = Math.round((System.nanoTime() - frozenAt) / 1e9);
                Awaitility.await("20 hot leads accepted after the freeze").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(200)).until(() -> afterFreeze(stream, beforeFreeze).stream()
                                .filter(LeadStream.Accepted::hot).count() >= 20);
                List<LeadStream.Accepted> since = afterFreeze(stream, beforeFreeze);
                List<String> wrong = new ArrayList<>();
                Set<String> hot = new HashSet<>();
                try {
                    Awaitility.await("every hot lead since the freeze assigned while the first instances are stopped")
                            .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                                wrong.clear();
                                wrong.addAll(reconcile.scoredOnce(since));
                                hot.clear();
                                hot.addAll(reconcile.hotLeads(since));
                                wrong.addAll(reconcile.oneActiveAssignment(hot));
                                return wrong.isEmpty();
                            });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    RESULTS.add(row("consumer frozen", "SIGSTOP the first routing and nurturing", since.size(),
                            "FAILED while frozen: " + first(wrong), frozenAt));
                    throw new AssertionError("while frozen, still wrong: " + wrong + "; routing's sessions: "
                            + reconcile.sessions("routing"), e);
                }
                hotAfterFreeze = hot.size();
                onFrozenPartitions = (int) hot.stream().filter(leadId -> frozenPartitions.contains(
                        reconcile.partitionOf("leads.scored", leadId))).count();
                assertThat(onFrozenPartitions).as("hot leads keyed to the frozen routing's partitions "
                        + frozenPartitions).isPositive();
                assertThat(routing.frozen() && nurturing.frozen()).as("the first instances still stopped").isTrue();
            } finally {
                routing.resume();
                nurturing.resume();
            }
            ended = System.nanoTime();
            stack.awaitReady(Duration.ofSeconds(120));
            awaitMoreAccepted(stream, 10);
        } finally {
            stream.close();
        }
        reconcile("consumer frozen", "SIGSTOP the first routing and nurturing (session 10 s); partitions moved after "
                + movedAfter + " s; " + hotAfterFreeze + " hot leads since, " + onFrozenPartitions
                + " on the frozen partitions, assigned before SIGCONT", stream, ended);
    }

    static List<LeadStream.Accepted> afterFreeze(LeadStream stream, Set<String> before) {
        return stream.accepted.values().stream().filter(lead -> !before.contains(lead.leadId())).toList();
    }

    /** The group's members and their {@code leads.scored} partitions, once it is stable. */
    static Map<String, Set<Integer>> stableGroup(String group) {
        return Awaitility.await(group + " stable").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> reconcile.stableMembers(group, "leads.scored"), members -> !members.isEmpty());
    }

    /**
     * Waits until the group is stable with half its members (the survivors' own), and returns the
     * {@code leads.scored} partitions the members gone held.
     */
    static Set<Integer> awaitGone(String group, Map<String, Set<Integer>> before) {
        Map<String, Set<Integer>> after = Awaitility.await(group + " without the frozen members")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> reconcile.stableMembers(group, "leads.scored"),
                        members -> !members.isEmpty() && members.size() == before.size() / 2
                                && before.keySet().containsAll(members.keySet()));
        Set<Integer> gone = new HashSet<>();
        before.forEach((member, partitions) -> {
            if (!after.containsKey(member)) {
                gone.addAll(partitions);
            }
        });
        return gone;
    }

    /**
     * In the default suite; {@code -Dleadflow.fault.network=false} skips it. Once, before consumers bounded their
     * attempts, one {@code leads.assigned} record stayed unacknowledged in scoring and in nurturing until shutdown, its
     * processing waiting on the database client without a failure (docs/reliability.md has the story). A
     * failure lists the lag per group and partition, the sessions holding transactions, each instance's database
     * client gauges and abandoned attempts, and thread dumps.
     */
    @Test
    @Order(8)
    @DisabledIfSystemProperty(named = "leadflow.fault.network", matches = "false")
    void aSlowAndLossyNetworkToTheDatabaseAndTheBrokerIsRiddenOutAndHealsWithNothingLost() throws Exception {
        long ended;
        long cuts;
        int degradedAccepted;
        LeadStream stream = new LeadStream(stack, "net-" + UUID.randomUUID().toString().substring(0, 6),
                LEADS_PER_SECOND);
        try {
            awaitMoreAccepted(stream, 10);
            long cutBefore = stack.pgProxy.cut.get() + stack.kafkaProxy.cut.get();
            int acceptedBefore = stream.acceptedCount();
            long attemptsBefore = stream.attempts.get();
            stack.pgProxy.degrade(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(1));
            stack.kafkaProxy.degrade(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(1));
            try {
                Awaitility.await("the stream goes on through 40 connection resets").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500)).until(() -> stack.pgProxy.cut.get()
                                + stack.kafkaProxy.cut.get() >= cutBefore + 40 && stream.attempts.get()
                                        >= attemptsBefore + 30);
                assertThat(stack.services.values()).allSatisfy(service -> assertThat(service.alive())
                        .as(service.name + " still running").isTrue());
            } finally {
                stack.pgProxy.heal();
                stack.kafkaProxy.heal();
            }
            ended = System.nanoTime();
            cuts = stack.pgProxy.cut.get() + stack.kafkaProxy.cut.get() - cutBefore;
            degradedAccepted = stream.acceptedCount() - acceptedBefore;
            stack.awaitReady(Duration.ofSeconds(120));
            awaitMoreAccepted(stream, 10);
        } finally {
            stream.close();
        }
        reconcile("slow, lossy network", "50-100 ms per chunk and a connection reset a second on PostgreSQL and the "
                + "broker (" + cuts + " resets, " + degradedAccepted + " leads accepted meanwhile), then healed",
                stream, ended);
        assertThat(stack.services.values()).allSatisfy(service -> assertThat(service.alive())
                .as(service.name + " still running").isTrue());
        assertThat(stack.outOfMemory()).as("services whose log has an OutOfMemoryError").isEmpty();
    }

    @Test
    @Order(9)
    void scoringKilledInTheMiddleOfALargeImportScoresAndHandlesEveryImportedLeadOnce() throws Exception {
        int rows = Integer.getInteger("leadflow.fault.import-rows", 20_000);
        String run = UUID.randomUUID().toString().substring(0, 6);
        // Leads that score cold or warm (no title, a small company): each is enrolled, none waits for a rep.
        StringBuilder csv = new StringBuilder(rows * 48).append("email,first name,company,country\n");
        for (int i = 0; i < rows; i++) {
            csv.append("imp").append(i).append('+').append(run).append("@import").append(i % 50)
                    .append(".example,Imp,Import ").append(i % 50).append(",FR\n");
        }
        HttpResponse<String> upload = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.url("intake", "/api/v1/imports?source=event")))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "text/csv")
                .header("X-Api-Key", Stack.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        var idMatch = java.util.regex.Pattern.compile("\"importId\"\\s*:\\s*\"([0-9a-f-]{36})\"")
                .matcher(upload.body());
        assertThat(idMatch.find()).isTrue();
        String progress = "/api/v1/imports/" + idMatch.group(1);

        // In the middle: once a tenth of the rows are scored, with most still to score.
        Awaitility.await("a tenth of the import scored").atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> pipelineCount(stack.apiBody("intake", progress), "scored") >= rows / 10);
        int scoredBefore = pipelineCount(stack.apiBody("intake", progress), "scored");
        stack.crashAndRestart("scoring");
        long ended = System.nanoTime();
        Awaitility.await("the import stored").atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.apiBody("intake", progress).contains("\"status\":\"completed\""));

        List<LeadStream.Accepted> leads = reconcile.importedLeads(idMatch.group(1));
        assertThat(leads).as("leads the import created").hasSize(rows);
        try {
            Awaitility.await("every imported lead scored and enrolled once").atMost(RECOVERY.multipliedBy(2))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> whatIsWrongWithImported(leads).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<String> wrong = whatIsWrongWithImported(leads);
            RESULTS.add(row("kill -9 scoring during a large import", "SIGKILL scoring with " + scoredBefore + " of "
                    + rows + " imported leads scored; restart", rows, "FAILED: " + first(wrong), ended));
            throw new AssertionError("still wrong: " + wrong, e);
        }
        List<String> received = reconcile.receivedOnce(leads, "leads.received.bulk");
        List<String> deadLettered = reconcile.deadLettered(leads);
        RESULTS.add(row("kill -9 scoring during a large import", "SIGKILL scoring with " + scoredBefore + " of " + rows
                + " imported leads scored; restart", rows, received.isEmpty() && deadLettered.isEmpty()
                        ? "ok (every imported lead scored once, assigned or in one active sequence once, none "
                                + "dead-lettered)"
                        : "FAILED: " + first(received) + first(deadLettered), ended));
        assertThat(scoredBefore).as("scoring was killed in the middle of the import").isLessThan(rows);
        assertThat(received).as("every imported lead on leads.received.bulk exactly once").isEmpty();
        assertThat(deadLettered).as("imported leads on a dead-letter topic").isEmpty();
        assertThat(pipelineCount(stack.apiBody("intake", progress), "scored")).isEqualTo(rows);
    }

    /**
     * The promises of an import: every lead scored once, one active assignment per hot one and one active enrollment
     * per other one, the outbox empty and no lag. Not the touches: nurturing's scheduler handles 100 due touches per
     * 5-second pass, so the welcome touches of 20,000 enrollments take a quarter of an hour to go out (or, as here,
     * to be skipped for want of consent), which is its own throughput, not this scenario's.
     */
    static List<String> whatIsWrongWithImported(List<LeadStream.Accepted> leads) {
        List<String> wrong = new ArrayList<>();
        try {
            unsettled(wrong);
            wrong.addAll(reconcile.scoredOnce(leads));
            Set<String> hot = reconcile.hotLeads(leads);
            wrong.addAll(reconcile.oneActiveAssignment(hot));
            wrong.addAll(reconcile.oneActiveEnrollment(leads.stream().map(LeadStream.Accepted::leadId)
                    .filter(id -> !hot.contains(id)).toList()));
            lagging(wrong);
        } catch (Exception e) {
            wrong.add("cannot check yet: " + e);
        }
        return wrong;
    }

    static int pipelineCount(String progress, String name) {
        var matcher = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(progress);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    static String accepted(String answer) {
        var matcher = java.util.regex.Pattern.compile("\"leadId\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(answer);
        assertThat(matcher.find()).as("a lead id in " + answer).isTrue();
        return matcher.group(1);
    }
}
