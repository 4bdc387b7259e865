package io.leadflow.routing.persistence;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.leadflow.events.EventJson;
import io.leadflow.routing.domain.Absence;
import io.leadflow.routing.domain.Candidate;
import io.leadflow.routing.domain.Segments;
import io.leadflow.routing.domain.WorkingHours;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A sales rep who can receive hot leads. Lists are kept as JSON text in the admin API's shapes. */
@Entity
@Table(name = "rep")
public class Rep extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    public String email;

    public String team;

    public boolean active;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Countries (ISO codes) the rep covers; empty: anywhere. */
    @Column(columnDefinition = "text")
    public String territories = "[]";

    /** Languages the rep speaks; empty: any. */
    @Column(columnDefinition = "text")
    public String languages = "[]";

    /** The most open assignments the rep holds at once. */
    public int capacity;

    public int weight;

    @Column(name = "time_zone")
    public String timeZone;

    @Column(name = "working_hours", columnDefinition = "text")
    public String workingHours;

    @Column(name = "out_of_office", columnDefinition = "text")
    public String outOfOffice = "[]";

    /** Company sizes the rep covers (employee bands); empty: all. */
    @Column(name = "employee_bands", columnDefinition = "text")
    public String employeeBands = "[]";

    /** Industries the rep covers (lower case); empty: all. */
    @Column(columnDefinition = "text")
    public String industries = "[]";

    /** The rep's own webhook (a Slack incoming webhook, say) told of new assignments while no console is open. */
    @Column(name = "notify_webhook_url")
    public String notifyWebhookUrl;

    /** When an instance last saw a console of the rep open (any instance: presence across instances). */
    @Column(name = "console_seen_at", insertable = false, updatable = false) // written by RepPresence alone
    public Instant consoleSeenAt;

    /** Set by the rep (presence "away"): no new leads until they are back. */
    public boolean away;

    public List<String> territoryList() {
        return List.of(EventJson.read(territories, String[].class));
    }

    public List<String> languageList() {
        return List.of(EventJson.read(languages, String[].class));
    }

    public List<WorkingHours> workingHoursList() {
        return List.of(EventJson.read(workingHours, WorkingHours[].class));
    }

    public List<Absence> outOfOfficeList() {
        return List.of(EventJson.read(outOfOffice, Absence[].class));
    }

    public Segments segments() {
        return new Segments(List.of(EventJson.read(employeeBands, String[].class)),
                List.of(EventJson.read(industries, String[].class)));
    }

    public Candidate candidate(int openAssignments) {
        return new Candidate(id, name, team, active, territoryList(), languageList(), capacity, weight,
                ZoneId.of(timeZone), workingHoursList(), outOfOfficeList(), openAssignments, away, segments());
    }
}
