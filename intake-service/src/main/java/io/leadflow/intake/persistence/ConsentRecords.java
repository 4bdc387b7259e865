package io.leadflow.intake.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Every consent answer as it was given: kept, never overwritten, so its history can be shown. */
@ApplicationScoped
public class ConsentRecords {

    private static final String INSERT = "insert into consent_record "
            + "(lead_id, marketing, text_version, channel, source, ip, recorded_at) "
            + "values (:leadId, :marketing, :textVersion, :channel, :source, :ip, :at)";

    public Uni<Void> record(UUID leadId, boolean marketing, String textVersion, String channel, String source,
            String ip, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("leadId", leadId)
                .setParameter("marketing", marketing)
                .setParameter("textVersion", textVersion)
                .setParameter("channel", channel)
                .setParameter("source", source)
                .setParameter("ip", ip)
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .replaceWithVoid();
    }
}
