package io.leadflow.scoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.leadflow.events.Activity;
import io.leadflow.events.Contribution;
import io.leadflow.events.Enrichment;
import io.leadflow.events.EventJson;
import io.leadflow.events.Lane;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;

/**
 * Scores a batch of events (leads received, engagement, sales acceptance, decay) against the state of their leads,
 * applying them in the order given, and says what to store and publish: plain Java, no database. Every contribution is
 * kept with the event that caused it and the rule set that priced it, totals are recomputed from all of a lead's
 * contributions (engagement decaying with age), and {@code lead.scored.v1} goes out for a new lead and whenever its
 * score, temperature, grade or stage changed, with the change kept in the lead's history. An engagement that arrives
 * before its lead (the two come on different topics) is kept and counted once the lead arrives, in this batch or a
 * later one.
 */
public final class ScoringBatch {

    static final int TOP_CONTRIBUTIONS = 5;

    /** A lead's current score as stored: {@code lead} and {@code enrichment} are what it was computed from. */
    public record Score(UUID leadId, int fitScore, int engagementScore, int score, String grade,
            Temperature temperature, Stage stage, String ruleSetVersion, LeadProfile lead, Enrichment enrichment,
            String answers, Instant salesAcceptedAt, Instant receivedAt, Instant scoredAt) {
    }

    /** One rule's points in a lead's score, with the event that caused them. */
    public record Row(UUID leadId, String rule, String category, int points, String reason, String eventId,
            Instant occurredAt, Instant createdAt, String ruleSetVersion) {

        RuleSet.Earned earned() {
            return new RuleSet.Earned(rule, category, points, occurredAt);
        }
    }

    /** What scoring knows of a lead: its score (null before its first) and its contributions, oldest first. */
    public record Known(Score score, List<Row> rows) {

        public static final Known NOTHING = new Known(null, List.of());
    }

    /** One change of a lead's score or classification (its history). */
    public record Change(UUID leadId, String eventId, Instant changedAt, Integer scoreBefore,
            String temperatureBefore, int scoreAfter, String temperatureAfter, String gradeAfter, String stageAfter) {
    }

    /** An event to publish, caused by {@code causeEventId}, in {@code lane}. */
    public record Publication(String causeEventId, LeadScored event, Lane lane) {
    }

    /** A lead that entered a funnel stage, or changed temperature or stage ({@code transition}), by the event. */
    public record Count(String causeEventId, Kind kind, Stage stage, Temperature temperature, String source) {

        public enum Kind {
            TRANSITION, STAGE_REACHED, CONVERTED
        }
    }

    /** What the batch changed: rows to insert, scores to write (each lead's last), history, events and counts. */
    public record Outcome(List<Row> newRows, List<Score> scores, List<Change> changes,
            List<Publication> publications, List<Count> counts) {

        public boolean storesNothing() {
            return newRows.isEmpty() && scores.isEmpty() && changes.isEmpty();
        }
    }

    private static final class Lead {
        Score score;
        final List<Row> rows;
        boolean dirty;

        Lead(Known known) {
            this.score = known.score();
            this.rows = new ArrayList<>(known.rows());
        }
    }

    private final RuleSet rules;
    private final Instant now;
    private final Map<UUID, Known> known;
    private final Map<UUID, Lead> leads = new LinkedHashMap<>();
    private final List<Row> newRows = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();
    private final List<Publication> publications = new ArrayList<>();
    private final List<Count> counts = new ArrayList<>();

    /** {@code known}: what is stored of the batch's leads; a lead missing from it is new to scoring. */
    public ScoringBatch(RuleSet rules, Map<UUID, Known> known, Instant now) {
        this.rules = rules;
        this.known = known;
        this.now = now;
    }

    /**
     * A lead received (a form, an API call, an import row): fit and qualification the first time, the form's
     * engagement every time (under its cap); published in the record's {@code lane}, so an imported lead's score
     * stays in the bulk lane.
     */
    public void received(String eventId, Lane lane, LeadReceived received, Firmographics company) {
        UUID leadId = received.leadId();
        Lead lead = lead(leadId);
        LeadProfile profile = received.lead();
        Instant receivedAt = profile.receivedAt();
        Enrichment enrichment = rules.enrich(profile, company);
        boolean isNew = lead.score == null;
        if (isNew) {
            rules.fit(profile, enrichment, receivedAt)
                    .forEach(c -> add(lead, row(leadId, c, RuleSet.FIT, eventId, receivedAt)));
            rules.qualification(received.answers())
                    .forEach(c -> add(lead, row(leadId, c, RuleSet.QUALIFICATION, eventId, receivedAt)));
        }
        rules.form(received.formType(), earned(lead.rows, "form." + received.formType().wire()))
                .ifPresent(c -> add(lead, row(leadId, c, RuleSet.ENGAGEMENT, eventId, receivedAt)));
        Score before = isNew ? new Score(leadId, 0, 0, 0, null, null, null, null, profile, null, null, null,
                receivedAt, null) : lead.score;
        String answers = received.answers() == null || received.answers().isEmpty() ? before.answers()
                : EventJson.write(received.answers());
        lead.score = withAnswers(before, answers);
        lead.dirty = true;
        rescore(lead, profile, enrichment, eventId, isNew, lane);
    }

    /**
     * An activity of the lead's: its rule's points (under its cap), and the repeated-visits intent once a page view
     * makes enough of them; a meeting booked makes the lead sales-qualified. Stored even before the lead is known.
     */
    public void engagement(String eventId, LeadEngagement engagement) {
        if (engagement.activity() == Activity.UNKNOWN) {
            // A newer intake's activity: worth nothing, and nothing to store, until this version knows it.
            return;
        }
        Instant at = Optional.ofNullable(engagement.occurredAt()).or(() -> Optional.ofNullable(
                engagement.receivedAt())).orElse(now);
        Instant occurredAt = at.isAfter(now) ? now : at;
        UUID leadId = engagement.leadId();
        Lead lead = lead(leadId);
        Optional<Row> added = rules.engagement(engagement, earned(lead.rows, rules.ruleOf(engagement)))
                .map(c -> row(leadId, c, RuleSet.ENGAGEMENT, eventId, occurredAt));
        added.ifPresent(row -> {
            add(lead, row);
            repeatedVisits(lead.rows, engagement, eventId, occurredAt).ifPresent(visits -> add(lead, visits));
        });
        if (lead.score == null) {
            return;
        }
        if (engagement.activity() == Activity.MEETING_BOOKED && lead.score.salesAcceptedAt() == null) {
            lead.score = salesAccepted(lead.score, occurredAt);
            lead.dirty = true;
        }
        rescore(lead, eventId);
    }

    /**
     * A rep accepted the lead, or a meeting was booked or a deal won: the lead is sales-qualified from then on;
     * {@code converted} counts the conversion. Nothing for a lead scoring does not know.
     */
    public void salesQualified(String eventId, UUID leadId, Instant at, boolean converted) {
        Lead lead = lead(leadId);
        if (lead.score == null) {
            return;
        }
        if (converted) {
            counts.add(new Count(eventId, Count.Kind.CONVERTED, null, null, source(lead.score.lead())));
        }
        if (lead.score.salesAcceptedAt() != null) {
            return;
        }
        lead.score = salesAccepted(lead.score, at);
        lead.dirty = true;
        rescore(lead, eventId);
    }

    /**
     * Re-scores a lead for time alone (decay), publishing only when its temperature, grade or stage changed: a score
     * that slips by a point is not news, a lead going from hot to warm is. Returns whether it published.
     */
    public boolean decay(String causeId, UUID leadId) {
        Lead lead = lead(leadId);
        if (lead.score == null) {
            return false;
        }
        Score score = lead.score;
        ScoreCard card = card(score, lead.rows, score.enrichment());
        boolean transition = card.temperature() != score.temperature() || !card.grade().equals(score.grade())
                || card.stage() != score.stage();
        return transition && rescore(lead, causeId);
    }

    public Outcome outcome() {
        List<Score> scores = leads.values().stream().filter(l -> l.dirty).map(l -> l.score).toList();
        return new Outcome(List.copyOf(newRows), scores, List.copyOf(changes), List.copyOf(publications),
                List.copyOf(counts));
    }

    private Lead lead(UUID leadId) {
        return leads.computeIfAbsent(leadId, id -> new Lead(known.getOrDefault(id, Known.NOTHING)));
    }

    private void add(Lead lead, Row row) {
        lead.rows.add(row);
        newRows.add(row);
    }

    /**
     * The repeated-visits intent, once, when this page view makes enough of them in its window; counted on the lead's
     * rows (page views over the cap are stored with 0 points, so they count as visits).
     */
    private Optional<Row> repeatedVisits(List<Row> rows, LeadEngagement engagement, String eventId,
            Instant occurredAt) {
        if (engagement.activity() != Activity.PAGE_VIEWED) {
            return Optional.empty();
        }
        return rules.repeatedVisits().flatMap(visits -> {
            Instant since = occurredAt.minus(Duration.ofDays(visits.withinDays()));
            boolean earnedAlready = rows.stream().anyMatch(r -> r.rule().equals(RuleSet.REPEATED_VISITS));
            long views = rows.stream().filter(r -> (r.rule().equals("engagement.page_viewed")
                    || r.rule().equals(RuleSet.PRICING_PAGE)) && !r.occurredAt().isBefore(since)).count();
            return earnedAlready || views < visits.visits() ? Optional.empty()
                    : rules.award(RuleSet.REPEATED_VISITS, 0).map(c -> row(engagement.leadId(), c,
                            RuleSet.ENGAGEMENT, eventId, occurredAt));
        });
    }

    private static int earned(List<Row> rows, String rule) {
        return rows.stream().filter(r -> r.rule().equals(rule)).mapToInt(Row::points).sum();
    }

    private boolean rescore(Lead lead, String eventId) {
        return rescore(lead, lead.score.lead(), lead.score.enrichment(), eventId, false, Lane.LIVE);
    }

    /**
     * Recomputes a lead's score from all its contributions; publishes when new or changed, in {@code lane}. Returns
     * whether it did.
     */
    private boolean rescore(Lead lead, LeadProfile profile, Enrichment enrichment, String eventId, boolean isNew,
            Lane lane) {
        Score before = lead.score;
        ScoreCard card = card(isNew ? null : before, lead.rows, enrichment);
        boolean changed = isNew || card.score() != before.score() || card.temperature() != before.temperature()
                || !card.grade().equals(before.grade()) || card.stage() != before.stage();
        if (!changed) {
            return false;
        }
        changes.add(new Change(before.leadId(), eventId, now, isNew ? null : before.score(),
                isNew || before.temperature() == null ? null : before.temperature().wire(), card.score(),
                card.temperature().wire(), card.grade(), card.stage().wire()));
        lead.score = new Score(before.leadId(), card.fitScore(), card.engagementScore(), card.score(), card.grade(),
                card.temperature(), card.stage(), card.ruleSetVersion(), profile,
                enrichment == null ? before.enrichment() : enrichment, before.answers(), before.salesAcceptedAt(),
                before.receivedAt(), now);
        lead.dirty = true;
        publications.add(new Publication(eventId, new LeadScored(before.leadId(), profile, enrichment, card.grade(),
                card.fitScore(), card.engagementScore(), card.score(), card.temperature(), card.stage(),
                card.ruleSetVersion(), card.contributions(), now), lane));
        counts.add(new Count(eventId, Count.Kind.TRANSITION, card.stage(), card.temperature(), null));
        if (isNew || card.stage() != before.stage()) {
            counts.add(new Count(eventId, Count.Kind.STAGE_REACHED, card.stage(), null, source(profile)));
        }
        return true;
    }

    /** The score card of the contributions; {@code before} (null for a new lead) gives the stage floor. */
    private ScoreCard card(Score before, List<Row> rows, Enrichment enrichment) {
        List<RuleSet.Earned> earned = rows.stream().map(Row::earned).toList();
        return rules.total(enrichment, earned, top(rows), before == null ? null : before.stage(),
                before != null && before.salesAcceptedAt() != null, now);
    }

    /** The contributions that weigh most now (engagement counted with its decay), as shown to reps. */
    private List<Contribution> top(List<Row> rows) {
        return rows.stream()
                .filter(r -> r.points() != 0)
                .sorted(Comparator.comparingDouble((Row r) -> -Math.abs(weight(r))))
                .limit(TOP_CONTRIBUTIONS)
                .map(r -> new Contribution(r.rule(), r.points(), r.reason()))
                .toList();
    }

    private double weight(Row row) {
        return RuleSet.ENGAGEMENT.equals(row.category()) ? rules.decayed(row.points(), row.occurredAt(), now)
                : row.points();
    }

    private Row row(UUID leadId, Contribution c, String category, String eventId, Instant occurredAt) {
        return new Row(leadId, c.rule(), category, c.points(), c.reason(), eventId, occurredAt, now, rules.version());
    }

    private static String source(LeadProfile lead) {
        return lead == null ? null : lead.source();
    }

    private static Score withAnswers(Score s, String answers) {
        return new Score(s.leadId(), s.fitScore(), s.engagementScore(), s.score(), s.grade(), s.temperature(),
                s.stage(), s.ruleSetVersion(), s.lead(), s.enrichment(), answers, s.salesAcceptedAt(), s.receivedAt(),
                s.scoredAt());
    }

    private static Score salesAccepted(Score s, Instant at) {
        return new Score(s.leadId(), s.fitScore(), s.engagementScore(), s.score(), s.grade(), s.temperature(),
                s.stage(), s.ruleSetVersion(), s.lead(), s.enrichment(), s.answers(), at, s.receivedAt(),
                s.scoredAt());
    }
}
