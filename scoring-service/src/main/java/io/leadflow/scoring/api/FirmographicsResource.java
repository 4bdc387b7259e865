package io.leadflow.scoring.api;

import java.io.StringReader;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.leadflow.scoring.domain.Firmographics;
import io.leadflow.scoring.domain.FirmographicsCsv;
import io.leadflow.scoring.persistence.Firmographic;
import io.leadflow.scoring.persistence.FirmographicStore;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.leadflow.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * The firmographic reference table: import companies from CSV (new domains added, known ones updated; a bad row is
 * reported and skipped, the good rows kept) and look one up by domain.
 */
@Path("/api/v1/admin/firmographics")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class FirmographicsResource {

    static final int LISTED_ERRORS = 100;

    /** What an import did: rows read, companies stored, and the rows refused (the first hundred listed). */
    public record ImportReport(int stored, int refused, List<FirmographicsCsv.RowError> errors) {
    }

    @Inject
    FirmographicStore store;

    @POST
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN })
    public Uni<ImportReport> importCsv(String csv) {
        if (csv == null || csv.isBlank()) {
            throw new ProblemException(Problem.invalid("The CSV is empty.",
                    List.of(new FieldError("body", "a header row and at least one company"))));
        }
        FirmographicsCsv.Result result = FirmographicsCsv.read(new StringReader(csv));
        if (result.companies().isEmpty() && !result.errors().isEmpty()) {
            throw new ProblemException(Problem.invalid("No company in the CSV could be used.", result.errors()
                    .stream().limit(LISTED_ERRORS).map(e -> new FieldError(e.field().isEmpty() ? "line " + e.line()
                            : "line " + e.line() + ": " + e.field(), e.message())).toList()));
        }
        return store.upsert(result.companies()).map(stored -> new ImportReport(stored, result.errors().size(),
                result.errors().stream().limit(LISTED_ERRORS).toList()));
    }

    @GET
    @Path("/{domain}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPS })
    @WithSession
    public Uni<Firmographics> byDomain(@PathParam("domain") String domain) {
        if (domain.length() > 253 || domain.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // Not a domain the table can hold (PostgreSQL refuses NUL): unknown, like any other.
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "company-not-found",
                    "No firmographics for that domain."));
        }
        return Firmographic.<Firmographic> findById(domain.toLowerCase(Locale.ROOT)).map(found -> {
            if (found == null) {
                throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "company-not-found",
                        "No firmographics for " + domain + "."));
            }
            return found.toDomain();
        });
    }
}
