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

    /** One consent answer of an import batch. */
    public record Answer(UUID leadId, boolean marketing, String textVersion, String source) {
    }

    /** Many answers given through one channel at one time (an import batch), in one statement. */
    public Uni<Void> recordAll(java.util.List<Answer> answers, String channel, String ip, Instant at) {
        if (answers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into consent_record (lead_id, marketing, text_version, channel, source, ip, recorded_at) "
                        + "select lead_id, marketing, text_version, :channel, source, :ip, :at from unnest("
                        + "cast(:leadIds as uuid[]), cast(:marketing as boolean[]), cast(:textVersions as varchar[]), "
                        + "cast(:sources as varchar[])) as row(lead_id, marketing, text_version, source)")
                .setParameter("leadIds", answers.stream().map(Answer::leadId).toArray(UUID[]::new))
                .setParameter("marketing", answers.stream().map(Answer::marketing).toArray(Boolean[]::new))
                .setParameter("textVersions", answers.stream().map(Answer::textVersion).toArray(String[]::new))
                .setParameter("sources", answers.stream().map(Answer::source).toArray(String[]::new))
                .setParameter("channel", channel)
                .setParameter("ip", ip)
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .replaceWithVoid();
    }

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
