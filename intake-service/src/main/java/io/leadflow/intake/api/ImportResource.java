package io.leadflow.intake.api;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
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
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * CSV imports: {@code POST /api/v1/imports} as {@code multipart/form-data} (field {@code file}) here, or as a raw
 * {@code text/csv} body (streamed to disk by {@link CsvUploadRoute}); {@code GET /api/v1/imports/{id}} reports
 * progress and each rejected row.
 */
@Path("/api/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    static final int ERRORS_SHOWN = 1000;

    public record ImportView(UUID importId, String status, String fileName, String encoding, String delimiter,
            String source, String formType, int rowsRead, int accepted, int rejected, int duplicates, String failure,
            Instant createdAt, Instant finishedAt, List<ImportJobs.RowError> errors, boolean errorsTruncated) {
    }

    @Inject
    ImportRequests requests;

    @Inject
    LeadImporter importer;

    @Inject
    ImportJobs jobs;

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
        return jobs.find(importId)
                .onItem().ifNull().failWith(() -> new ProblemException(Problem.of(Response.Status.NOT_FOUND,
                        "unknown-import", "No import " + importId + ".")))
                .chain(job -> jobs.errors(importId, ERRORS_SHOWN).map(errors -> new ImportView(job.id(),
                        job.status().toLowerCase(java.util.Locale.ROOT), job.fileName(), job.encoding(),
                        job.delimiter(), job.source(), job.formType(), job.rowsRead(), job.accepted(), job.rejected(),
                        job.duplicates(), job.failure(), job.createdAt(), job.finishedAt(), errors,
                        job.rejected() > errors.size())));
    }
}
