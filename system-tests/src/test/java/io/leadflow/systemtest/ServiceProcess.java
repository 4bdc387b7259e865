package io.leadflow.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/** One packaged service started as its own JVM, with a bounded heap, as {@code ./leadflow up} starts it. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final Path log;
    private final List<String> command;
    private final Map<String, String> environment;
    volatile int port;
    private volatile Process process;
    private int portRetries = 3;

    private ServiceProcess(String name, Path log, List<String> command, Map<String, String> environment) {
        this.name = name;
        this.log = log;
        this.command = command;
        this.environment = environment;
    }

    static ServiceProcess start(Path root, String name, Map<String, String> environment) {
        return start(root, name, name + "-service", environment);
    }

    /** One of several instances of a service: {@code instance} names its log file. */
    static ServiceProcess start(Path root, String name, String instance, Map<String, String> environment) {
        Path jar = root.resolve(name + "-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the system tests run after 'mvn package'");
        }
        Path log = root.resolve("system-tests/target/" + instance + ".log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx192m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        ServiceProcess service = new ServiceProcess(name, log, command, Map.copyOf(environment));
        service.launch();
        return service;
    }

    /** Starts the JVM on a port free a moment ago. */
    private void launch() {
        try {
            port = freePort();
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * A port free when chosen can be taken before the service binds it (any outgoing connection may get it on a busy
     * machine); such a start is tried again on another port.
     */
    private boolean lostItsPort() {
        try {
            return portRetries-- > 0 && Files.readString(log).contains("seems to be in use");
        } catch (IOException e) {
            return false;
        }
    }

    void awaitReady(Duration atMost) {
        Awaitility.await(name + "-service ready").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        if (lostItsPort()) {
                            launch();
                            return false;
                        }
                        throw new IllegalStateException(name + "-service exited; see " + log);
                    }
                    return status("/q/health/ready") == 200;
                });
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
