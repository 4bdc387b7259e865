package io.leadflow.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool a check needs (promtool, docker-compose). Missing under {@code CI=true}, the test fails: CI
 * must never pass without the check. Missing locally, the test is skipped, loudly.
 */
record ExternalTool(String name, Path path) {

    static ExternalTool require(String name, String debianPackage) {
        Optional<Path> found = find(name);
        if (found.isPresent()) {
            return new ExternalTool(name, found.get());
        }
        String message = name + " is not installed: apt-get install -y --no-install-recommends " + debianPackage
                + " (./leadflow test installs it when CI=true)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    static Optional<Path> find(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs the tool in {@code directory}; the result holds its exit code and its output, stderr included. */
    Result run(Path directory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(path.toString());
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile(name, ".out");
            try {
                Process process = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish within 60 s");
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }
}
