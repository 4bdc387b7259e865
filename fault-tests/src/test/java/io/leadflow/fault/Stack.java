package io.leadflow.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;

/**
 * Leadflow as it runs in production, on one machine: PostgreSQL, a single-node KRaft broker and the four packaged
 * services, each its own process (so each can be killed), in the {@code local} profile (demo reps, demo
 * firmographics, the demo API key).
 */
final class Stack implements AutoCloseable {

    static final String API_KEY = "leadflow-local-demo-key";
    static final List<String> SERVICES = List.of("intake", "scoring", "routing", "nurturing");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path root;
    final Path work;
    /** Nurturing's sequences in the suite: due at any hour of any day. */
    private final Path sequences;
    final int pgPort = Proc.freePort();
    final int kafkaPort = Proc.freePort();
    final int controllerPort = Proc.freePort();
    /** Every service reaches PostgreSQL, and every client the broker, through these (straight through by default). */
    final TcpProxy pgProxy = new TcpProxy("postgres", pgPort);
    final TcpProxy kafkaProxy = new TcpProxy("kafka", kafkaPort);
    final Map<String, Integer> ports = new LinkedHashMap<>();
    final Map<String, Proc> services = new LinkedHashMap<>();
    /** The service each instance runs ({@code routing-2} runs {@code routing}). */
    private final Map<String, String> serviceOf = new LinkedHashMap<>();
    Proc postgres;
    Proc kafka;

    Stack() throws IOException {
        root = Path.of(System.getProperty("leadflow.root", "..")).toAbsolutePath().normalize();
        work = Files.createDirectories(root.resolve("fault-tests/target/stack-" + UUID.randomUUID()));
        SERVICES.forEach(name -> ports.put(name, Proc.freePort()));
        // One sequence for every lead that is not hot (priority 1 wins over the migrated default), the default's
        // steps with windows over the whole day: one ending at 23:59 holds a touch back a minute at most.
        sequences = Files.writeString(work.resolve("sequences.yaml"), """
                - id: around-the-clock
                  name: The default follow-up, at any hour
                  priority: 1
                  steps:
                    - { channel: email, delayDays: 0, window: { start: "00:00", end: "23:59" }, template: welcome }
                    - { channel: email, delayDays: 2, window: { start: "00:00", end: "23:59" }, template: case-study }
                    - { channel: call_task, delayDays: 4, window: { start: "00:00", end: "23:59" }, template: call }
                """);
    }

    void start() throws Exception {
        startPostgres();
        startKafka();
        Proc.runToEnd(Proc.java("96m", "-cp", Proc.classpath(), "io.leadflow.localstack.LocalTopics",
                bootstrap(), "3"), work.resolve("topics.log"), Duration.ofSeconds(90));
        for (String name : SERVICES) {
            services.put(name, service(name, name).start());
        }
        awaitReady(Duration.ofSeconds(180));
    }

    /** Another instance of a service: same database, same consumer group, its own port. */
    void startInstance(String service, String instance) {
        ports.put(instance, Proc.freePort());
        services.put(instance, service(service, instance).start());
        awaitReady(Duration.ofSeconds(120));
    }

    /** Another instance, unless it already runs (a scenario may run alone, or after one that started it). */
    void ensureInstance(String service, String instance) {
        Proc existing = services.get(instance);
        if (existing == null) {
            startInstance(service, instance);
        } else if (!existing.alive()) {
            existing.start();
            awaitReady(Duration.ofSeconds(120));
        }
    }

    private Proc service(String name, String instance) {
        serviceOf.put(instance, name);
        Path jar = root.resolve(name + "-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the fault suite runs after 'mvn package'");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("QUARKUS_PROFILE", "local");
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(ports.get(instance)));
        environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap());
        // Low, so a frozen consumer loses its partitions within seconds (the defaults: 45 s, 5 min).
        environment.put("KAFKA_SESSION_TIMEOUT_MS", "10000");
        environment.put("KAFKA_HEARTBEAT_INTERVAL_MS", "3000");
        environment.put("KAFKA_MAX_POLL_INTERVAL_MS", "30000");
        environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + pgProxy.port() + "/" + name);
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + pgProxy.port() + "/" + name);
        environment.put("QUARKUS_DATASOURCE_USERNAME", "leadflow");
        environment.put("QUARKUS_DATASOURCE_PASSWORD", "leadflow");
        // Nobody accepts in the suite: with the 2-minute default, leads of earlier scenarios time out
        // and are reassigned during later ones, taking rotation turns in between, and the fairness
        // check of a scenario's own leads would measure that interleaving, not the rotation.
        environment.put("LEADFLOW_ROUTING_ACK_TIMEOUT", "PT30M");
        // Short, so SLA timers of the first scenarios' leads fall due and fire during later scenarios, and the check
        // that none is lost sees fired timers, not only pending ones (a breach escalates, it takes no rotation turn).
        environment.put("LEADFLOW_ROUTING_SLA", "PT2M");
        // Touches due at any hour and on any day, none held back by the per-domain throttle (every cool lead of
        // the stream is at gmail.com), so "every touch that fell due was sent once" checks sends whenever it runs.
        environment.put("LEADFLOW_NURTURING_SEQUENCES_FILE", sequences.toString());
        environment.put("LEADFLOW_NURTURING_BUSINESS_DAYS", "MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY");
        environment.put("LEADFLOW_NURTURING_THROTTLE_PER_DOMAIN_PER_MINUTE", "0");
        return new Proc(instance, Proc.java("192m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()), environment,
                work.resolve(instance + ".log"));
    }

    void startPostgres() {
        postgres = new Proc("postgres", Proc.java("256m", "-cp", Proc.classpath(),
                "io.leadflow.localstack.LocalPostgres", work.resolve("postgres").toString(), String.valueOf(pgPort)),
                Map.of(), work.resolve("postgres.log"))
                .start();
        Awaitility.await("PostgreSQL").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> Files.exists(postgres.log())
                        && Files.readString(postgres.log()).contains("PostgreSQL ready"));
    }

    void startKafka() throws Exception {
        Path config = work.resolve("kafka.properties");
        if (!Files.exists(config)) {
            Files.writeString(config, """
                    process.roles=broker,controller
                    node.id=1
                    controller.quorum.voters=1@127.0.0.1:%d
                    listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d
                    advertised.listeners=PLAINTEXT://127.0.0.1:%d
                    controller.listener.names=CONTROLLER
                    listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                    log.dirs=%s
                    num.partitions=3
                    offsets.topic.replication.factor=1
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    share.coordinator.state.topic.replication.factor=1
                    share.coordinator.state.topic.min.isr=1
                    group.initial.rebalance.delay.ms=0
                    """.formatted(controllerPort, kafkaPort, controllerPort, kafkaProxy.port(),
                    work.resolve("kafka-data")));
            Proc.runToEnd(Proc.java("256m", "-cp", Proc.classpath(), "kafka.tools.StorageTool", "format", "-t",
                    org.apache.kafka.common.Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"),
                    work.resolve("kafka-format.log"), Duration.ofSeconds(90));
        }
        kafka = new Proc("kafka", Proc.java("384m", "-cp", Proc.classpath(), "kafka.Kafka", config.toString()),
                Map.of(), work.resolve("kafka.log")).start();
        Awaitility.await("Kafka").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> Proc.listening(kafkaPort));
    }

    /** The broker as every client sees it: through its proxy, which it also advertises. */
    String bootstrap() {
        return "127.0.0.1:" + kafkaProxy.port();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database;
    }

    /** The test's own view of a database: straight to PostgreSQL, never through the proxy. */
    Connection database(String name) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(name), "leadflow", "leadflow");
    }

    String url(String service, String path) {
        return "http://127.0.0.1:" + ports.get(service) + path;
    }

    int status(String service, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(service, path))).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The body of a GET, or an empty string when the service does not answer. */
    String body(String service, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(service, path))).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The body of a GET with the demo API key, or an empty string when the service does not answer. */
    String apiBody(String service, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(service, path))).timeout(Duration.ofSeconds(5))
                    .header("X-Api-Key", API_KEY).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    boolean ready(String service) {
        return status(service, "/q/health/ready") == 200;
    }

    void awaitReady(Duration atMost) {
        Awaitility.await("every service ready").atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (Proc service : List.copyOf(services.values())) {
                if (!service.alive()) {
                    if (!lostItsPort(service)) {
                        throw new IllegalStateException(service.name + " exited; see " + service.log());
                    }
                    // A port free when chosen was taken before the service bound it: another port, another start.
                    ports.put(service.name, Proc.freePort());
                    services.put(service.name, service(serviceOf.get(service.name), service.name).start());
                }
            }
            return services.keySet().stream().allMatch(this::ready);
        });
    }

    private int portRetries = 5;

    private boolean lostItsPort(Proc service) {
        try {
            return portRetries-- > 0
                    && Files.readString(service.log()).contains("seems to be in use by another process");
        } catch (IOException e) {
            return false;
        }
    }

    /** The instances whose log reports an {@code OutOfMemoryError}. */
    List<String> outOfMemory() throws IOException {
        List<String> names = new java.util.ArrayList<>();
        for (Proc service : services.values()) {
            if (Files.exists(service.log()) && Files.readString(service.log()).contains("OutOfMemoryError")) {
                names.add(service.name);
            }
        }
        return names;
    }

    /**
     * Every instance's database client gauges (queries in flight, waiting for a connection, pool in use), for a
     * failure to tell a query waiting on PostgreSQL from one waiting for a connection.
     */
    Map<String, List<String>> databaseClientGauges() {
        Map<String, List<String>> gauges = new LinkedHashMap<>();
        for (String instance : services.keySet()) {
            try {
                String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(url(instance, "/q/metrics")))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                // With the consumers' attempts abandoned after their bound: a wait that ended in a retry shows here.
                gauges.put(instance, metrics.lines().filter(line -> !line.contains("_max")
                        && (line.startsWith("postgresql_current") || line.startsWith("postgresql_queue")
                                || line.startsWith("sql_pool_")
                                || line.startsWith("leadflow_events_attempts_timed_out_total"))).toList());
            } catch (Exception e) {
                gauges.put(instance, List.of("cannot read: " + e));
            }
        }
        return gauges;
    }

    /** jcmd Thread.print of every running instance into the stack's folder, for a failure to show who waits where. */
    List<Path> threadDumps() {
        List<Path> dumps = new java.util.ArrayList<>();
        for (Proc service : services.values()) {
            if (service.alive()) {
                Path dump = work.resolve(service.name + "-threads-" + System.currentTimeMillis() + ".txt");
                try {
                    Proc.runToEnd(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                            String.valueOf(service.pid()), "Thread.print"), dump, Duration.ofSeconds(30));
                    dumps.add(dump);
                } catch (Exception e) {
                    // A dump is a diagnostic only; the failure it accompanies is what counts.
                }
            }
        }
        return dumps;
    }

    /** kill -9 an instance and leave it down. */
    void crash(String instance) throws InterruptedException {
        services.get(instance).kill9();
    }

    /** Starts crashed or stopped instances again and waits until everything is ready. */
    void restart(String... instances) {
        for (String instance : instances) {
            services.get(instance).start();
        }
        awaitReady(Duration.ofSeconds(120));
    }

    /** kill -9 a service, then start it again and wait until it is ready. */
    void crashAndRestart(String service) throws InterruptedException {
        Proc proc = services.get(service);
        proc.kill9();
        proc.start();
        awaitReady(Duration.ofSeconds(120));
    }

    @Override
    public void close() throws InterruptedException {
        for (Proc service : services.values()) {
            service.stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
        kafkaProxy.close();
        pgProxy.close();
    }
}
