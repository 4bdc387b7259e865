package io.leadflow.intake.api;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.leadflow.intake.imports.LeadImporter;
import io.leadflow.intake.persistence.ImportJobs;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * CSV imports: {@code POST /api/v1/imports} as {@code multipart/form-data} (field {@code file}) here, or as a raw
 * {@code text/csv} body (streamed to disk by {@link CsvUploadRoute}); {@code GET /api/v1/imports/{id}} reports
 * progress (in intake, then through the pipeline) and each rejected row; {@code POST /api/v1/imports/{id}/cancel}
 * stops one.
 */
@Path("/api/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    static final int ERRORS_SHOWN = 1000;

    public record ImportView(UUID importId, String status, String fileName, String encoding, String delimiter,
            String source, String formType, int rowsRead, int accepted, int rejected, int duplicates, int withdrawn,
            String failure, Instant createdAt, Instant finishedAt, Instant cancelledAt, Pipeline pipeline,
            List<ImportJobs.RowError> errors, boolean errorsTruncated) {
    }

    /**
     * How far the import's leads went past intake: {@code stored} (created and not withdrawn), {@code scored} (with
     * their temperature), {@code routed} to a rep, {@code enrolled} in a sequence, and the seconds left until every
     * stored lead is scored at the rate scoring has kept since the first one (null before any is scored).
     */
    public record Pipeline(int stored, int scored, int hot, int warm, int cold, int routed, int enrolled,
            Long estimatedSecondsLeft) {

        static Pipeline of(int stored, ImportJobs.Downstream downstream, Instant now) {
            return new Pipeline(stored, downstream.scored(), downstream.hot(), downstream.warm(), downstream.cold(),
                    downstream.routed(), downstream.enrolled(), secondsLeft(stored, downstream, now));
        }

        static Long secondsLeft(int stored, ImportJobs.Downstream downstream, Instant now) {
            int left = stored - downstream.scored();
            if (left <= 0) {
                return 0L;
            }
            if (downstream.scored() == 0 || downstream.firstScoredAt() == null) {
                return null;
            }
            double seconds = Math.max(1, Duration.between(downstream.firstScoredAt(), now).toMillis() / 1000.0);
            return (long) Math.ceil(left / (downstream.scored() / seconds));
        }
    }

    @Inject
    ImportRequests requests;

    @Inject
    LeadImporter importer;

    @Inject
    ImportJobs jobs;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Response upload(@RestForm("file") FileUpload file, @RestForm("source") String source,
            @RestForm("formType") String formType, @RestForm("marketingConsent") String consent,
            @HeaderParam("X-Api-Key") String apiKey, @HeaderParam("Authorization") String authorization,
            @Context HttpServerRequest request) throws IOException {
        String caller = requests.authorize(apiKey, authorization);
        if (file == null) {
            throw new ProblemException(Problem.invalid("No file was uploaded.",
                    List.of(new FieldError("file", "is required: the CSV file as a multipart part named file"))));
        }
        LeadImporter.Options options = requests.options(caller, source, formType, consent, Bodies.clientIp(request));
        // The upload sits in Quarkus's upload folder; the importer takes its own copy's ownership.
        java.nio.file.Path copy = Files.createTempFile("leadflow-import-", ".csv");
        Files.move(file.uploadedFile(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try {
            UUID id = importer.start(copy, file.fileName(), options);
            return Response.accepted(ImportRequests.accepted(id)).location(URI.create(ImportRequests.location(id)))
                    .build();
        } catch (LeadImporter.UnusableFile e) {
            throw ImportRequests.unusable(e);
        }
    }

    @GET
    @Path("/{importId}")
    @WithSession
    public Uni<ImportView> progress(@PathParam("importId") UUID importId, @HeaderParam("X-Api-Key") String apiKey,
            @HeaderParam("Authorization") String authorization) {
        requests.authorize(apiKey, authorization);
        return view(importId);
    }

    /**
     * Cancels an import: a running one stops at its next batch, and its leads still in intake's outbox are withdrawn
     * (see {@link ImportJobs#cancel}). {@code 200} with the import; again on a cancelled one; {@code 409} when it had
     * ended with all its leads gone on.
     */
    @POST
    @Path("/{importId}/cancel")
    public Uni<ImportView> cancel(@PathParam("importId") UUID importId, @HeaderParam("X-Api-Key") String apiKey,
            @HeaderParam("Authorization") String authorization) {
        requests.authorize(apiKey, authorization);
        return Panache.withTransaction(() -> jobs.cancel(importId, clock.instant()))
                .onItem().ifNull().failWith(() -> unknown(importId))
                .chain(cancellation -> {
                    if (!ImportJobs.CANCELLED.equals(cancellation.previousStatus())
                            && cancellation.withdrawn() == 0 && !"RUNNING".equals(cancellation.previousStatus())) {
                        return Uni.createFrom().failure(new ProblemException(Problem.of(Response.Status.CONFLICT,
                                "import-ended", "Import " + importId + " has ended ("
                                        + cancellation.previousStatus().toLowerCase(Locale.ROOT)
                                        + ") and all its leads have left intake; there is nothing to cancel.")));
                    }
                    return Panache.withSession(() -> view(importId));
                });
    }

    private Uni<ImportView> view(UUID importId) {
        return jobs.find(importId)
                .onItem().ifNull().failWith(() -> unknown(importId))
                .chain(job -> jobs.downstream(importId).chain(downstream -> jobs.errors(importId, ERRORS_SHOWN)
                        .map(errors -> new ImportView(job.id(), job.status().toLowerCase(Locale.ROOT),
                                job.fileName(), job.encoding(), job.delimiter(), job.source(), job.formType(),
                                job.rowsRead(), job.accepted(), job.rejected(), job.duplicates(), job.withdrawn(),
                                job.failure(), job.createdAt(), job.finishedAt(), job.cancelledAt(),
                                Pipeline.of(job.accepted() - job.withdrawn(), downstream, clock.instant()), errors,
                                job.rejected() > errors.size()))));
    }

    private static ProblemException unknown(UUID importId) {
        return new ProblemException(Problem.of(Response.Status.NOT_FOUND, "unknown-import",
                "No import " + importId + "."));
    }
}
