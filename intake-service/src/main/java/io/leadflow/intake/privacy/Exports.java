package io.leadflow.intake.privacy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.leadflow.events.EventJson;
import io.leadflow.events.ExportRequested;
import io.leadflow.intake.persistence.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A person's access and portability export (GDPR Art. 15/20) as intake runs it. A request is stored with intake's own
 * part (identity, every consent answer, import rows quoting the email), and {@code lead.export.requested.v1} goes to
 * the outbox in the same transaction; each other service answers with its part ({@code lead.export.contributed.v1}),
 * recorded once; when every expected service ({@code leadflow.privacy.expected-services}) answered, the export is
 * complete and reads as one document. Also the consent history of a person, oldest first.
 */
@ApplicationScoped
public class Exports {

    /** At most this many import rows quoting the person go into intake's part. */
    static final int MAX_IMPORT_ROWS = 200;

    /** The person to export was not found. */
    public static final class UnknownPerson extends RuntimeException {
        UnknownPerson() {
            super(null, null, false, false);
        }
    }

    /** One consent answer: what was asked (purpose), what was answered, when, where and under which text. */
    public record ConsentChange(Instant recordedAt, String purpose, String status, String textVersion, String channel,
            String source, String ip, boolean anonymised) {
    }

    /** A person's consent answers, oldest first; {@code leadId} is null once the person was erased or purged. */
    public record ConsentHistory(String email, UUID leadId, List<ConsentChange> consents) {
    }

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "leadflow.privacy.expected-services",
            defaultValue = "intake-service,scoring-service,routing-service,nurturing-service")
    List<String> expectedServices;

    /** Starts the export of the person known by this normalized email or lead id; fails with {@link UnknownPerson}. */
    public Uni<UUID> request(String normalizedEmail, UUID leadId, String requestedBy) {
        Instant now = clock.instant();
        UUID exportId = UUID.randomUUID();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> PrivacySubject
                .find(session, "email, lead_id, first_seen_at, last_seen_at", "", normalizedEmail, leadId)
                .chain(identity -> {
                    if (identity == null) {
                        return Uni.createFrom().failure(new UnknownPerson());
                    }
                    String email = (String) identity[0];
                    UUID lead = (UUID) identity[1];
                    String hash = Erasures.sha256(email);
                    var at = now.atOffset(ZoneOffset.UTC);
                    return session.createNativeQuery("insert into export_request (id, lead_id, email, email_sha256, "
                            + "requested_by, requested_at) values (:id, :lead, :email, :hash, :by, :at)")
                            .setParameter("id", exportId).setParameter("lead", lead).setParameter("email", email)
                            .setParameter("hash", hash).setParameter("by", requestedBy).setParameter("at", at)
                            .executeUpdate()
                            .chain(() -> ownPart(session, identity, hash))
                            .chain(part -> contribute(exportId, Erasures.SERVICE, now, EventJson.write(part)))
                            .chain(() -> outbox.add(lead, new ExportRequested(exportId, List.of(lead), hash, now),
                                    now))
                            .replaceWith(exportId);
                })));
    }

    private Uni<Map<String, Object>> ownPart(Mutiny.Session session, Object[] identity, String hash) {
        String email = (String) identity[0];
        UUID lead = (UUID) identity[1];
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("email", email);
        person.put("leadId", lead);
        person.put("firstSeenAt", instant(identity[2]));
        person.put("lastSeenAt", instant(identity[3]));
        return consents(session, lead, hash).chain(consents -> session.createNativeQuery(
                "select e.import_id, e.line, e.reason, j.source, j.created_at from import_row_error e "
                        + "join import_job j on j.id = e.import_id where lower(e.reason) ~ :address "
                        + "order by j.created_at, e.line limit " + MAX_IMPORT_ROWS, Object[].class)
                .setParameter("address", AddressInText.pattern(email)).getResultList()
                .map(rows -> {
                    List<Map<String, Object>> imports = new ArrayList<>();
                    for (Object[] row : rows) {
                        Map<String, Object> error = new LinkedHashMap<>();
                        error.put("importId", row[0]);
                        error.put("line", row[1]);
                        error.put("reason", row[2]);
                        error.put("source", row[3]);
                        error.put("importedAt", instant(row[4]));
                        imports.add(error);
                    }
                    Map<String, Object> part = new LinkedHashMap<>();
                    part.put("identity", person);
                    part.put("consents", consents);
                    part.put("importRowsRejected", imports);
                    part.put("limit", MAX_IMPORT_ROWS);
                    return part;
                }));
    }

    /**
     * Every consent answer of the person, oldest first: those still linked to the lead id, and those kept as anonymous
     * proof (email hash) after an erasure or the retention purge. A refusal after a grant is a withdrawal.
     */
    private static Uni<List<ConsentChange>> consents(Mutiny.Session session, UUID lead, String hash) {
        return session.createNativeQuery("select recorded_at, marketing, text_version, channel, source, ip, "
                + "lead_id is null from consent_record where lead_id = :lead or email_sha256 = :hash "
                + "order by recorded_at, id", Object[].class)
                .setParameter("lead", lead).setParameter("hash", hash).getResultList()
                .map(rows -> {
                    List<ConsentChange> changes = new ArrayList<>();
                    boolean granted = false;
                    for (Object[] row : rows) {
                        boolean marketing = (Boolean) row[1];
                        String status = marketing ? "granted" : granted ? "withdrawn" : "refused";
                        granted = marketing;
                        changes.add(new ConsentChange(instant(row[0]), "marketing", status, (String) row[2],
                                (String) row[3], (String) row[4], (String) row[5], (Boolean) row[6]));
                    }
                    return changes;
                });
    }

    /** The consent history of the person with this normalized email, or null when intake holds none. */
    public Uni<ConsentHistory> consentHistory(String normalizedEmail) {
        String hash = Erasures.sha256(normalizedEmail);
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select lead_id from lead_identity where email = :email", UUID.class)
                .setParameter("email", normalizedEmail).getResultList()
                .chain(leads -> {
                    UUID lead = leads.isEmpty() ? null : leads.get(0);
                    return consents(session, lead, hash).map(consents -> lead == null && consents.isEmpty() ? null
                            : new ConsentHistory(normalizedEmail, lead, consents));
                })));
    }

    /**
     * Records one service's part, once (a second part of the same service is ignored, as is a part of an unknown
     * or purged export), and marks the export complete when every expected service answered. In a transaction.
     */
    public Uni<Void> contribute(UUID exportId, String service, Instant contributedAt, String data) {
        var at = contributedAt.atOffset(ZoneOffset.UTC);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into export_contribution (export_id, service, contributed_at, data) "
                        + "select id, :service, :at, :data from export_request where id = :id on conflict do nothing")
                .setParameter("service", service).setParameter("at", at).setParameter("data", data)
                .setParameter("id", exportId).executeUpdate()
                .chain(() -> session.createNativeQuery("update export_request set completed_at = :at "
                        + "where id = :id and completed_at is null and (select count(*) from export_contribution "
                        + "where export_id = :id and service = any(cast(:expected as varchar[]))) = :count")
                        .setParameter("at", at).setParameter("id", exportId)
                        .setParameter("expected", expectedServices.toArray(String[]::new))
                        .setParameter("count", (long) new TreeSet<>(expectedServices).size()).executeUpdate()))
                .replaceWithVoid();
    }

    /**
     * The export as a client reads it, or null when unknown: while pending, which services answered; once complete,
     * one document with the subject and every service's part (keyed {@code intake}, {@code scoring}, ...).
     */
    public Uni<Map<String, Object>> read(UUID exportId) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select lead_id, email, requested_at, completed_at from export_request "
                        + "where id = :id", Object[].class)
                .setParameter("id", exportId).getResultList()
                .chain(requests -> requests.isEmpty() ? Uni.createFrom().nullItem() : session
                        .createNativeQuery("select service, contributed_at, data from export_contribution "
                                + "where export_id = :id order by service", Object[].class)
                        .setParameter("id", exportId).getResultList()
                        .map(parts -> document(exportId, requests.get(0), parts)))));
    }

    private Map<String, Object> document(UUID exportId, Object[] request, List<Object[]> parts) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("exportId", exportId);
        Instant completedAt = request[3] == null ? null : instant(request[3]);
        document.put("status", completedAt == null ? "pending" : "complete");
        document.put("requestedAt", instant(request[2]));
        if (completedAt == null) {
            Map<String, Instant> answered = new LinkedHashMap<>();
            for (Object[] part : parts) {
                answered.put((String) part[0], instant(part[1]));
            }
            Set<String> services = new TreeSet<>(expectedServices);
            services.addAll(answered.keySet());
            List<Map<String, Object>> statuses = new ArrayList<>();
            for (String service : services) {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("service", service);
                status.put("status", answered.containsKey(service) ? "answered" : "pending");
                status.put("contributedAt", answered.get(service));
                statuses.add(status);
            }
            document.put("services", statuses);
            return document;
        }
        document.put("completedAt", completedAt);
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("email", request[1]);
        subject.put("leadIds", List.of(request[0]));
        document.put("subject", subject);
        Map<String, Object> services = new LinkedHashMap<>();
        // A part too large for one Kafka record came as a note (ExportRequests): say so up front, so nobody hands the
        // person an incomplete copy without noticing.
        List<String> truncated = new ArrayList<>();
        for (Object[] part : parts) {
            String service = (String) part[0];
            String name = service.endsWith("-service") ? service.substring(0, service.length() - 8) : service;
            Object data = json((String) part[2]);
            services.put(name, data);
            if (data instanceof JsonNode && ((JsonNode) data).path("truncated").asBoolean(false)) {
                truncated.add(name);
            }
        }
        document.put("truncatedParts", truncated);
        document.put("services", services);
        return document;
    }

    private static Object json(String text) {
        try {
            return EventJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    private static Instant instant(Object value) {
        return Erasures.instant(value);
    }
}
