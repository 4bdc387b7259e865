package io.leadflow.scoring.persistence;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.leadflow.scoring.domain.Firmographics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Writes the firmographic reference table: one upsert per company, sent in batches in one transaction. */
@ApplicationScoped
public class FirmographicStore {

    private static final int BATCH = 1_000;
    private static final String UPSERT = """
            insert into firmographic (domain, name, industry, employees, annual_revenue, country, funding_stage,
                                      funded_on, recent_news, updated_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
            on conflict (domain) do update set name = excluded.name, industry = excluded.industry,
                employees = excluded.employees, annual_revenue = excluded.annual_revenue, country = excluded.country,
                funding_stage = excluded.funding_stage, funded_on = excluded.funded_on,
                recent_news = excluded.recent_news, updated_at = now()""";

    @Inject
    Pool pool;

    /** Stores the companies (new or updated); returns how many were written. */
    public Uni<Integer> upsert(List<Firmographics> companies) {
        if (companies.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<List<Tuple>> batches = new ArrayList<>();
        for (int from = 0; from < companies.size(); from += BATCH) {
            batches.add(companies.subList(from, Math.min(companies.size(), from + BATCH)).stream()
                    .map(c -> Tuple.from(new Object[] { c.domain(), c.name(), c.industry(), c.employees(),
                            c.annualRevenue(), c.country(), c.fundingStage(), c.fundedOn(), c.recentNews() }))
                    .toList());
        }
        return pool.withTransaction(connection -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (List<Tuple> batch : batches) {
                chain = chain.chain(() -> connection.preparedQuery(UPSERT).executeBatch(batch).replaceWithVoid());
            }
            return chain;
        }).replaceWith(companies.size());
    }

    public Uni<Long> count() {
        return pool.query("select count(*) from firmographic").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
