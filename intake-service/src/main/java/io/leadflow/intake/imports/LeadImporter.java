package io.leadflow.intake.imports;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.jboss.logging.Logger;

import io.leadflow.intake.api.IntakeMetrics;
import io.leadflow.intake.domain.ConsentAnswers;
import io.leadflow.intake.domain.LeadIntake;
import io.leadflow.intake.domain.LeadSubmission;
import io.leadflow.intake.domain.SubmissionValidator;
import io.leadflow.intake.domain.ValidLead;
import io.leadflow.intake.persistence.ImportJobs;
import io.leadflow.support.vertx.VertxContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Imports a CSV file row by row from disk, never holding the file in memory: each batch of rows is one transaction
 * (identities, consent records and outbox events), and the job's counts move with it. A bad row is recorded with its
 * line and reason and never stops the import; a person already known is counted as a duplicate and creates nothing,
 * so the same file uploaded twice creates no lead twice. Imports run one at a time per instance. A cancelled import
 * ({@link ImportJobs#cancel}) stops at its next batch, which rolls back.
 */
@ApplicationScoped
public class LeadImporter {

    /** What an upload asks for: its source, form type and consent, and who uploaded it. */
    public record Options(String source, String formType, boolean marketingConsent, String ip) {
    }

    public static class UnusableFile extends RuntimeException {
        public UnusableFile(String message) {
            super(message);
        }
    }

    static final int BATCH = 500;
    static final Duration BATCH_TIME_OUT = Duration.ofMinutes(2);
    private static final Logger LOG = Logger.getLogger(LeadImporter.class);

    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lead-import");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    Vertx vertx;

    @Inject
    Clock clock;

    @Inject
    ImportJobs jobs;

    @Inject
    LeadIntake intake;

    @Inject
    MeterRegistry registry;

    @Inject
    IntakeMetrics metrics;

    /**
     * Blocking: reads the file's format and header, creates the job and queues the import. The file is the
     * importer's from then on (deleted when done). An unusable file (no header, no email column) is refused at once.
     */
    public UUID start(Path file, String fileName, Options options) {
        CsvFormat format;
        List<String> fields;
        try {
            format = CsvFormat.sniff(file);
            try (CSVParser parser = parser(format, format.open(file))) {
                fields = ImportColumns.fieldsOf(parser.getHeaderNames());
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            delete(file);
            throw new UnusableFile("The file is not a readable CSV file: " + e.getMessage());
        }
        if (!fields.contains("email")) {
            delete(file);
            throw new UnusableFile("The file has no email column (expected a header such as Email, E-mail or "
                    + "Courriel).");
        }
        UUID id = UUID.randomUUID();
        VertxContexts.await(vertx, () -> Panache.withTransaction(() -> jobs.create(id, options.source(),
                options.formType(), fileName, format.charset().name(), format.delimiterName(), clock.instant())),
                BATCH_TIME_OUT);
        worker.submit(() -> run(id, file, format, options));
        return id;
    }

    private void run(UUID id, Path file, CsvFormat format, Options options) {
        String status = "COMPLETED";
        String failure = null;
        try (CSVParser parser = parser(format, format.open(file))) {
            List<String> fields = ImportColumns.fieldsOf(parser.getHeaderNames());
            Iterator<CSVRecord> records = parser.iterator();
            int[] storedErrors = { 0 };
            Batch batch = new Batch();
            long nextLine = parser.getCurrentLineNumber() + 1;
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    // The CSV syntax broke (an unclosed quote): what was read so far stands.
                    batch.reject((int) nextLine, "unreadable from this line on: " + rootMessage(e));
                    status = "COMPLETED_WITH_ERRORS";
                    failure = "The file's CSV syntax breaks at line " + nextLine + "; rows before it were imported.";
                    break;
                }
                int line = (int) nextLine;
                nextLine = parser.getCurrentLineNumber() + 1;
                batch.read++;
                SubmissionValidator.Result result = SubmissionValidator.validate(submission(record, fields, options),
                        options.source());
                if (result.valid()) {
                    batch.valid.add(result.lead());
                } else {
                    batch.reject(line, result.errors().stream().map(e -> e.field() + " " + e.message())
                            .reduce((a, b) -> a + "; " + b).orElse("invalid"));
                }
                if (batch.read >= BATCH) {
                    flush(id, batch, options, storedErrors);
                    batch = new Batch();
                }
            }
            flush(id, batch, options, storedErrors);
        } catch (IOException | RuntimeException e) {
            if (wasCancelled(e)) {
                LOG.infof("Import %s was cancelled; it stops here", id);
                return; // its status says so already; the file goes in finally
            }
            LOG.errorf(e, "Import %s failed", id);
            status = "FAILED";
            failure = "The import stopped: " + rootMessage(e);
        } finally {
            delete(file);
        }
        String finalStatus = status;
        String finalFailure = failure;
        try {
            VertxContexts.await(vertx, () -> Panache.withTransaction(() -> jobs.finish(id, finalStatus, finalFailure,
                    clock.instant())), BATCH_TIME_OUT);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Import %s: could not record its end", id);
        }
    }

    /** Stores a batch; {@code storedErrors} counts the rejected rows kept so far, up to the job's limit. */
    private void flush(UUID id, Batch batch, Options options, int[] storedErrors) {
        if (batch.read == 0) {
            return;
        }
        List<ImportJobs.RowError> kept = batch.errors.subList(0,
                Math.max(0, Math.min(batch.errors.size(), ImportJobs.MAX_STORED_ERRORS - storedErrors[0])));
        storedErrors[0] += kept.size();
        LeadIntake.Origin origin = new LeadIntake.Origin("import", options.ip());
        int duplicates = VertxContexts.await(vertx, () -> Panache.withTransaction(() -> intake
                .acceptImported(batch.valid, origin)
                .chain(created -> {
                    int known = batch.valid.size() - created.size();
                    return jobs.progress(id, batch.read, created.size(), batch.errors.size(), known, created, kept,
                            clock.instant()).replaceWith(known);
                })), BATCH_TIME_OUT);
        intake.publishCommitted();
        registry.counter("leadflow.intake.import.rows", "outcome", "accepted")
                .increment(batch.valid.size() - duplicates);
        metrics.received(options.source(), "import", batch.valid.size() - duplicates);
        registry.counter("leadflow.intake.import.rows", "outcome", "duplicate").increment(duplicates);
        registry.counter("leadflow.intake.import.rows", "outcome", "rejected").increment(batch.errors.size());
    }

    private static LeadSubmission submission(CSVRecord record, List<String> fields, Options options) {
        Map<String, String> values = new java.util.HashMap<>();
        for (int i = 0; i < fields.size() && i < record.size(); i++) {
            if (fields.get(i) != null && !record.get(i).isBlank()) {
                values.putIfAbsent(fields.get(i), record.get(i));
            }
        }
        String consent = values.get("marketingConsent");
        return new LeadSubmission(values.get("email"), values.get("firstName"), values.get("lastName"),
                values.get("company"), values.get("website"), values.get("jobTitle"), values.get("phone"),
                values.get("country"), values.get("language"), values.get("timeZone"), options.source(),
                values.get("campaign"), options.formType(),
                consent == null ? options.marketingConsent() : ConsentAnswers.isYes(consent),
                null, null, Map.of());
    }

    private static CSVParser parser(CsvFormat format, Reader reader) throws IOException {
        return CSVFormat.DEFAULT.builder()
                .setDelimiter(format.delimiter())
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                .setIgnoreSurroundingSpaces(true)
                .get()
                .parse(reader);
    }

    private static boolean wasCancelled(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ImportJobs.Cancelled) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Could not delete the uploaded file %s: %s", file, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    private static final class Batch {
        int read;
        final List<ValidLead> valid = new ArrayList<>();
        final List<ImportJobs.RowError> errors = new ArrayList<>();

        void reject(int line, String reason) {
            errors.add(new ImportJobs.RowError(line, reason));
        }
    }
}
