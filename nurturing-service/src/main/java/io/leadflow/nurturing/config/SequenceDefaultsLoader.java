package io.leadflow.nurturing.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.leadflow.nurturing.domain.SequenceDefinition;
import io.leadflow.nurturing.domain.SequenceValidator;
import io.leadflow.nurturing.mail.EmailComposer;
import io.leadflow.nurturing.persistence.Sequences;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.vertx.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Loads the default sequences from YAML at start and adds those the database does not have yet. A file a person
 * wrote wrong stops the start with every problem named, rather than running with half a configuration.
 */
@Singleton
public class SequenceDefaultsLoader {

    private static final Logger LOG = Logger.getLogger(SequenceDefaultsLoader.class);
    private static final String SHIPPED = "sequences/defaults.yaml";
    private static final long LOADER_LOCK = 0x6e7572747572L; // "nurtur"

    @Inject
    NurturingConfig config;

    @Inject
    Sequences sequences;

    @Inject
    EmailComposer composer;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    void load(@Observes StartupEvent started) {
        if (!composer.canSign()) {
            throw new IllegalStateException("LEADFLOW_TRACKING_SECRET (leadflow.tracking.secret, intake's secret, 16 "
                    + "characters at least) is required: every email carries signed unsubscribe and tracking links");
        }
        List<SequenceDefinition> defaults = read();
        String problems = defaults.stream().flatMap(s -> SequenceValidator.validate(s, composer::templateProblem)
                .stream().map((FieldError e) -> s.id() + ": " + e.field() + " " + e.message()))
                .collect(Collectors.joining("; "));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The default sequences are not valid: " + problems);
        }
        // Instances starting together take turns (a transaction-scoped advisory lock), so two never insert the same
        // sequence at once and fail their start on its primary key.
        int added = VertxContexts.await(vertx, () -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("select cast(pg_advisory_xact_lock(:key) as varchar)",
                        String.class).setParameter("key", LOADER_LOCK).getSingleResult())
                .chain(() -> io.smallrye.mutiny.Multi.createFrom().iterable(defaults)
                .onItem().transformToUniAndConcatenate(s -> sequences.addIfAbsent(s, clock.instant()))
                .collect().asList()
                .map(results -> (int) results.stream().filter(Boolean::booleanValue).count()))),
                Duration.ofSeconds(60));
        LOG.infof("Default sequences: %d read, %d added", defaults.size(), added);
    }

    List<SequenceDefinition> read() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = config.sequencesFile().isPresent()
                ? Files.newInputStream(Path.of(config.sequencesFile().get()))
                : Thread.currentThread().getContextClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " is missing from the application");
            }
            return yaml.readValue(in, new TypeReference<List<SequenceDefinition>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("The sequences file cannot be read: " + e.getMessage(), e);
        }
    }
}
