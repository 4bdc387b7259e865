package io.leadflow.intake.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.leadflow.events.ErasureCompleted;
import io.leadflow.events.ErasureRequested;
import io.leadflow.intake.persistence.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A person's erasure (GDPR Art. 17) as intake does it, in one transaction: the request is stored; intake erases what
 * it holds (the email to lead id row, events not yet relayed, import row errors quoting the email, idempotency answers
 * naming the lead, exports of the person) and keeps the consent answers only as anonymous proof (email hash, time,
 * source, answer); then {@code lead.erasure.requested.v1} for the other services and intake's own
 * {@code lead.erasure.completed.v1} go to the outbox. The other services' confirmations are recorded as they arrive.
 */
@ApplicationScoped
public class Erasures {

    public static final String SERVICE = "intake-service";

    /** A request and the services that confirmed it. */
    public record Status(UUID id, UUID leadId, Instant requestedAt, List<ServiceStatus> services, boolean complete) {
    }

    public record ServiceStatus(String service, String status, Instant completedAt) {
    }

    /** The person to erase was not found. */
    public static final class UnknownPerson extends RuntimeException {
        UnknownPerson() {
            super(null, null, false, false);
        }
    }

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "leadflow.privacy.expected-services",
            defaultValue = "intake-service,scoring-service,routing-service,nurturing-service")
    List<String> expectedServices;

    /** Erases the person known by this normalized email or lead id; fails with {@link UnknownPerson}. */
    public Uni<UUID> request(String normalizedEmail, UUID leadId, String requestedBy) {
        Instant now = clock.instant();
        UUID requestId = UUID.randomUUID();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> PrivacySubject
                .find(session, "email, lead_id", "for update", normalizedEmail, leadId)
                .chain(identity -> {
                    if (identity == null) {
                        return Uni.createFrom().failure(new UnknownPerson());
                    }
                    String email = (String) identity[0];
                    UUID lead = (UUID) identity[1];
                    String hash = sha256(email);
                    return erase(session, requestId, email, hash, lead, requestedBy, now)
                            .chain(() -> outbox.add(lead, new ErasureRequested(requestId, lead, hash, now), now))
                            .chain(() -> outbox.add(lead, new ErasureCompleted(requestId, lead, SERVICE, now), now))
                            .replaceWith(requestId);
                })));
    }

    private Uni<Void> erase(org.hibernate.reactive.mutiny.Mutiny.Session session, UUID requestId, String email,
            String hash, UUID lead, String requestedBy, Instant now) {
        var at = now.atOffset(ZoneOffset.UTC);
        return session.createNativeQuery("insert into erasure_request (id, lead_id, email_sha256, requested_by, "
                + "requested_at) values (:id, :lead, :hash, :by, :at)")
                .setParameter("id", requestId).setParameter("lead", lead).setParameter("hash", hash)
                .setParameter("by", requestedBy).setParameter("at", at).executeUpdate()
                // Events of the person not yet relayed never leave.
                .chain(() -> session.createNativeQuery("delete from outbox_event where lead_id = :lead")
                        .setParameter("lead", lead).executeUpdate())
                .chain(() -> session.createNativeQuery("update consent_record set lead_id = null, ip = null, "
                        + "email_sha256 = :hash, erased_at = :at where lead_id = :lead")
                        .setParameter("hash", hash).setParameter("at", at).setParameter("lead", lead).executeUpdate())
                .chain(() -> session.createNativeQuery("delete from import_row_error "
                        + "where lower(reason) ~ :address")
                        .setParameter("address", AddressInText.pattern(email)).executeUpdate())
                .chain(() -> session.createNativeQuery("delete from idempotency_key where strpos(response, :lead) > 0")
                        .setParameter("lead", lead.toString()).executeUpdate())
                // Exports copy everything Leadflow held of the person; their parts go with them (on delete cascade).
                .chain(() -> session.createNativeQuery("delete from export_request where lead_id = :lead")
                        .setParameter("lead", lead).executeUpdate())
                .chain(() -> session.createNativeQuery("delete from import_lead where lead_id = :lead")
                        .setParameter("lead", lead).executeUpdate())
                .chain(() -> session.createNativeQuery("delete from lead_identity where lead_id = :lead")
                        .setParameter("lead", lead).executeUpdate())
                .chain(() -> confirm(requestId, SERVICE, now))
                .replaceWithVoid();
    }

    /** Records a service's confirmation, once; a confirmation of an unknown request is ignored. In a transaction. */
    public Uni<Void> confirm(UUID requestId, String service, Instant completedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into erasure_confirmation (request_id, service, completed_at) "
                        + "select id, :service, :at from erasure_request where id = :id on conflict do nothing")
                .setParameter("service", service).setParameter("at", completedAt.atOffset(ZoneOffset.UTC))
                .setParameter("id", requestId).executeUpdate())
                .replaceWithVoid();
    }

    /** The request and every expected service's confirmation, or null when unknown. */
    public Uni<Status> status(UUID requestId) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select lead_id, requested_at from erasure_request where id = :id", Object[].class)
                .setParameter("id", requestId).getResultList()
                .chain(requests -> requests.isEmpty() ? Uni.createFrom().nullItem() : session
                        .createNativeQuery("select service, completed_at from erasure_confirmation "
                                + "where request_id = :id order by service", Object[].class)
                        .setParameter("id", requestId).getResultList()
                        .map(confirmations -> status(requestId, requests.get(0), confirmations)))));
    }

    private Status status(UUID requestId, Object[] request, List<Object[]> confirmations) {
        java.util.Map<String, Instant> confirmed = new java.util.TreeMap<>();
        for (Object[] row : confirmations) {
            confirmed.put((String) row[0], instant(row[1]));
        }
        java.util.Set<String> services = new java.util.TreeSet<>(expectedServices);
        services.addAll(confirmed.keySet());
        List<ServiceStatus> statuses = services.stream().map(service -> confirmed.containsKey(service)
                ? new ServiceStatus(service, "confirmed", confirmed.get(service))
                : new ServiceStatus(service, "pending", null)).toList();
        return new Status(requestId, (UUID) request[0], instant(request[1]), statuses,
                statuses.stream().allMatch(s -> s.status().equals("confirmed")));
    }

    /** A timestamp column as Hibernate Reactive hands it back. */
    static Instant instant(Object value) {
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.time.LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        return (Instant) value;
    }

    static String sha256(String email) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(email.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
