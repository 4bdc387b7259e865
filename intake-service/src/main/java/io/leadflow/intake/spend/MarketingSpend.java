package io.leadflow.intake.spend;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The {@code marketing_spend} table: one month's entries are read and replaced as a whole. */
@ApplicationScoped
public class MarketingSpend {

    /** Serializes replacements of spend (admin calls and start-up files of several instances). */
    static final long LOCK_KEY = 0x5350454e44L; // "SPEND"

    public Uni<List<SpendEntry>> of(YearMonth month) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select source, campaign, amount, currency from marketing_spend where month = :month "
                        + "order by source, campaign, currency", Object[].class)
                .setParameter("month", month.toString())
                .getResultList())
                .map(rows -> rows.stream().map(row -> new SpendEntry((String) row[0], (String) row[1],
                        amount(row[2]), ((String) row[3]).strip())).toList());
    }

    /** Replaces the month's entries with these; call inside a transaction. */
    public Uni<Void> replace(YearMonth month, List<SpendEntry> entries, String by, Instant now) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select cast(pg_advisory_xact_lock(:key) as varchar)", String.class)
                .setParameter("key", LOCK_KEY).getSingleResult()
                .chain(() -> session.createNativeQuery("delete from marketing_spend where month = :month")
                        .setParameter("month", month.toString()).executeUpdate())
                .chain(() -> insert(session, month, entries, by, now)));
    }

    private static Uni<Void> insert(Mutiny.Session session, YearMonth month, List<SpendEntry> entries, String by,
            Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (SpendEntry entry : entries) {
            chain = chain.chain(() -> session.createNativeQuery(
                    "insert into marketing_spend (month, source, campaign, currency, amount, updated_at, updated_by) "
                            + "values (:month, :source, :campaign, :currency, :amount, :now, :by)")
                    .setParameter("month", month.toString()).setParameter("source", entry.source())
                    .setParameter("campaign", entry.campaign()).setParameter("currency", entry.currency())
                    .setParameter("amount", entry.amount()).setParameter("now", now.atOffset(ZoneOffset.UTC))
                    .setParameter("by", by)
                    .executeUpdate().replaceWithVoid());
        }
        return chain;
    }

    private static BigDecimal amount(Object value) {
        BigDecimal amount = (value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString()))
                .stripTrailingZeros();
        return amount.scale() < 0 ? amount.setScale(0) : amount;
    }
}
