package io.leadflow.intake.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.leadflow.intake.config.IntakeConfig;
import io.leadflow.intake.imports.LeadImporter;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/imports} with a raw {@code text/csv} body: streamed straight to a temporary file as it arrives
 * (tens of MiB never sit in memory), then handed to the importer. Runs before the REST layer, which would buffer the
 * body; multipart uploads go on to {@link ImportResource}.
 */
@Singleton
public class CsvUploadRoute {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CsvUploadRoute.class);

    @Inject
    Vertx vertx;

    @Inject
    IntakeConfig config;

    @Inject
    ImportRequests requests;

    @Inject
    LeadImporter importer;

    void register(@Observes Router router) {
        router.route(HttpMethod.POST, "/api/v1/imports").order(-900).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv")) {
            ctx.next();
            return;
        }
        request.pause();
        LeadImporter.Options options;
        try {
            String caller = requests.authorize(request.getHeader("X-Api-Key"), request.getHeader("Authorization"));
            options = requests.options(caller, request.getParam("source"), request.getParam("formType"),
                    request.getParam("marketingConsent"), Bodies.clientIp(request));
            String length = request.getHeader("Content-Length");
            if (length != null && Long.parseLong(length.strip()) > config.maxImportBytes()) {
                throw tooLarge();
            }
        } catch (ProblemException e) {
            answer(ctx, e);
            return;
        } catch (NumberFormatException e) {
            answer(ctx, new ProblemException(Problem.of(400, "Bad Request", "bad-length", "Content-Length is not a number.")));
            return;
        }
        Path file;
        try {
            file = Files.createTempFile("leadflow-import-", ".csv");
        } catch (java.io.IOException e) {
            answer(ctx, new ProblemException(Problem.of(503, "Service Unavailable", "no-space",
                    "The upload cannot be stored right now.")));
            return;
        }
        String fileName = request.getParam("fileName", "upload.csv");
        vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
                .onFailure(failure -> answer(ctx, new ProblemException(Problem.of(503, "Service Unavailable",
                        "no-space", "The upload cannot be stored right now."))))
                .onSuccess(out -> receive(ctx, request, out, file, fileName, options));
    }

    private void receive(RoutingContext ctx, HttpServerRequest request, AsyncFile out, Path file, String fileName,
            LeadImporter.Options options) {
        AtomicLong received = new AtomicLong();
        request.handler(chunk -> {
            if (received.addAndGet(chunk.length()) > config.maxImportBytes()) {
                request.handler(null);
                out.close();
                deleteQuietly(file);
                answer(ctx, tooLarge());
                return;
            }
            out.write(chunk);
            if (out.writeQueueFull()) {
                request.pause();
                out.drainHandler(ignored -> request.resume());
            }
        });
        request.exceptionHandler(failure -> {
            out.close();
            deleteQuietly(file);
        });
        request.endHandler(ignored -> out.close().onComplete(closed -> {
            if (ctx.response().ended()) {
                return;
            }
            vertx.<UUID> executeBlocking(() -> importer.start(file, fileName, options), false)
                    .onSuccess(id -> ctx.response().setStatusCode(202)
                            .putHeader("Location", ImportRequests.location(id))
                            .putHeader("Content-Type", "application/json")
                            .end(Json.encode(ImportRequests.accepted(id))))
                    .onFailure(failure -> {
                        if (failure instanceof LeadImporter.UnusableFile unusable) {
                            answer(ctx, ImportRequests.unusable(unusable));
                            return;
                        }
                        LOG.warnf(failure, "An import could not be started");
                        answer(ctx, new ProblemException(Problem.of(503, "Service Unavailable", "not-durable",
                                "The import could not be started; nothing was imported. Retry shortly.")));
                    });
        }));
        request.resume();
    }

    private ProblemException tooLarge() {
        return new ProblemException(Problem.of(413, "Content Too Large", "body-too-large",
                "An import may be at most " + config.maxImportBytes() + " bytes."));
    }

    private static void answer(RoutingContext ctx, ProblemException problem) {
        if (ctx.response().ended()) {
            return;
        }
        var response = ctx.response().setStatusCode(problem.problem().status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE);
        problem.toResponse().getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(value -> response.putHeader(name, String.valueOf(value)));
            }
        });
        if (problem.problem().status() == 413) {
            response.putHeader("Connection", "close");
        }
        response.end(Json.encode(problem.problem()));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException ignored) {
            // A leftover temporary file is removed with the temporary folder.
        }
    }
}
