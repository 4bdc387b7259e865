package io.leadflow.scoring.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.leadflow.scoring.config.ScoringConfig;
import io.leadflow.scoring.domain.FirmographicsCsv;
import io.leadflow.scoring.domain.RuleSetDefinition;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * At start-up, after Flyway: stores the shipped rule set (published unless a person already published one of their
 * own, so an upgrade never overrides marketing's rules) and, in the {@code local} profile, the demo companies.
 */
@Singleton
public class ReferenceDataSeeder {

    private static final Logger LOG = Logger.getLogger(ReferenceDataSeeder.class);
    private static final Duration AT_MOST = Duration.ofSeconds(60);

    @Inject
    ScoringConfig config;

    @Inject
    Pool pool;

    @Inject
    FirmographicStore firmographics;

    void seed(@Observes StartupEvent started) {
        seedRuleSet();
        if (config.firmographics().demoData()) {
            seedDemoCompanies();
        }
    }

    private void seedRuleSet() {
        String yaml = resource(config.shippedRuleSet());
        RuleSetDefinition definition = RuleSetDefinition.parse(yaml);
        int inserted = pool.withTransaction(connection -> connection.preparedQuery("""
                insert into rule_set (version, description, definition, origin, status, created_at, published_at)
                select $1, $2, $3, 'shipped', 'published', now(), now()
                where not exists (select 1 from rule_set where origin = 'api' and status = 'published')
                on conflict (version) do nothing""")
                .execute(Tuple.of(definition.version(), definition.description(), yaml))
                .map(rows -> rows.rowCount()))
                .await().atMost(AT_MOST);
        LOG.infof(inserted == 1 ? "Shipped rule set %s published" : "Shipped rule set %s not stored: it, or a rule set published by a person, is in force",
                definition.version());
    }

    private void seedDemoCompanies() {
        if (firmographics.count().await().atMost(AT_MOST) > 0) {
            return;
        }
        try (InputStream in = open("scoring/firmographics-demo.csv")) {
            FirmographicsCsv.Result demo = FirmographicsCsv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
            if (!demo.errors().isEmpty()) {
                throw new IllegalStateException("The demo firmographics do not read: " + demo.errors());
            }
            int stored = firmographics.upsert(demo.companies()).await().atMost(AT_MOST);
            LOG.infof("Demo firmographics ready: %d companies", stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String path) {
        InputStream in = ReferenceDataSeeder.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is missing from the service");
        }
        return in;
    }
}
