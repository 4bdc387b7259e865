package io.leadflow.intake.api;

import java.io.IOException;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.leadflow.intake.config.IntakeConfig;
import io.leadflow.intake.spend.MarketingSpend;
import io.leadflow.intake.spend.SpendEntry;
import io.leadflow.intake.spend.SpendGauges;
import io.leadflow.intake.spend.SpendValidator;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.leadflow.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Marketing spend per month, source and campaign, for admins: {@code GET ?month=2026-11} (this month without it)
 * shows a month, {@code PUT /{month}} replaces it with a list of {@code {source, campaign, amount, currency}}. This
 * month's figures become {@code leadflow_marketing_spend}, so dashboards show cost per lead and per SQL.
 */
@Path("/api/v1/admin/spend")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class SpendResource {

    public record MonthSpend(String month, List<SpendEntry> entries) {
    }

    private final ObjectReader bodies;

    @Inject
    IntakeConfig config;

    @Inject
    MarketingSpend spend;

    @Inject
    SpendGauges gauges;

    @Inject
    Clock clock;

    @Inject
    SecurityIdentity identity;

    @Inject
    public SpendResource(ObjectMapper mapper) {
        this.bodies = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    @GET
    public Uni<MonthSpend> month(@QueryParam("month") String month) {
        YearMonth which = month == null ? gauges.currentMonth() : parse(month, "month");
        return Panache.withSession(() -> spend.of(which)).map(entries -> new MonthSpend(which.toString(), entries));
    }

    @PUT
    @Path("/{month}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<MonthSpend> replace(@PathParam("month") String month, byte[] body) throws IOException {
        YearMonth which = parse(month, "month");
        int cap = config.spend().maxBodyBytes();
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.invalid("The body is empty.", List.of(new FieldError("$",
                    "send a list of {source, campaign, amount, currency}, [] for no spend"))));
        }
        if (body.length > cap) {
            throw new ProblemException(Problem.of(413, "Content Too Large", "body-too-large",
                    "This endpoint accepts bodies of at most " + cap + " bytes; this one has " + body.length + "."));
        }
        JsonNode list = bodies.readTree(body);
        SpendValidator.Result result = SpendValidator.validate(list, config.metricSources(), "");
        if (!result.valid()) {
            throw new ProblemException(Problem.invalid("The spend of " + which + " is invalid.", result.errors()));
        }
        String by = identity.getPrincipal() == null ? "unknown" : identity.getPrincipal().getName();
        return Panache.withTransaction(() -> spend.replace(which, result.entries(), by, clock.instant()))
                .chain(() -> which.equals(gauges.currentMonth()) ? gauges.refresh() : Uni.createFrom().voidItem())
                .replaceWith(() -> new MonthSpend(which.toString(), result.entries()));
    }

    private static YearMonth parse(String month, String field) {
        return SpendValidator.month(month).orElseThrow(() -> new ProblemException(Problem.invalid(
                "The month is malformed.", List.of(new FieldError(field, "must be a month as YYYY-MM, e.g. 2026-11")))));
    }
}
