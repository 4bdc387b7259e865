package io.leadflow.routing.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.leadflow.events.EventJson;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * Where assignment lifecycle events are delivered (a CRM, a chat channel): a URL that passed the outbound guard, the
 * secret the calls are signed with, the body's format, and the statuses it wants (none listed: all).
 */
@Entity
@Table(name = "webhook")
public class Webhook extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    public String url;

    public String secret;

    /** {@code event} (the lifecycle event and the lead's summary) or {@code slack} (a Slack-compatible message). */
    public String format;

    /** The lifecycle statuses delivered, as a JSON list of their wire names; empty: every status. */
    @Column(columnDefinition = "text")
    public String statuses = "[]";

    public boolean active;

    @Column(name = "created_at")
    public Instant createdAt;

    public List<String> statusList() {
        return List.of(EventJson.read(statuses, String[].class));
    }
}
