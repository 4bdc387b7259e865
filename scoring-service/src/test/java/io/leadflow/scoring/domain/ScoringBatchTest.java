package io.leadflow.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.leadflow.events.Activity;
import io.leadflow.events.FormType;
import io.leadflow.events.Lane;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;
import io.leadflow.scoring.domain.ScoringBatch.Count;
import io.leadflow.scoring.domain.ScoringBatch.Known;
import io.leadflow.scoring.domain.ScoringBatch.Outcome;
import io.leadflow.scoring.domain.ScoringBatch.Publication;
import io.leadflow.scoring.domain.ScoringBatch.Row;
import io.leadflow.scoring.domain.ScoringBatch.Score;

/** The decisions of a batch of scoring events, without a database: what is stored, published and counted. */
class ScoringBatchTest {

    static final Instant NOW = RuleSetTest.NOW;

    final RuleSet rules = RuleSetTest.shipped();

    // contact 15 + business email 10 + director 20 + sales 5 + France 5 = 55: warm, grade A (fit 40), MQL.
    final LeadReceived lead = RuleSetTest.lead("ana@acme-industries.com", "Sales Director", FormType.CONTACT);
    final UUID leadId = lead.leadId();

    @Test
    void aLeadScoredTwiceInOneBatchIsPublishedInOrderWithItsFitCountedOnce() {
        ScoringBatch batch = new ScoringBatch(rules, Map.of(), NOW);

        batch.received("e1", Lane.LIVE, lead, null);
        batch.engagement("e2", engagement(Activity.EMAIL_CLICKED, NOW));
        Outcome outcome = batch.outcome();

        assertThat(outcome.publications()).extracting(Publication::causeEventId).containsExactly("e1", "e2");
        assertThat(outcome.publications()).extracting(p -> p.event().score()).containsExactly(55, 70);
        assertThat(outcome.publications()).extracting(p -> p.event().temperature())
                .containsExactly(Temperature.WARM, Temperature.HOT);
        assertThat(outcome.newRows()).extracting(Row::rule).containsExactly("email.business", "title.director",
                "department.sales", "country.FR", "form.contact", "engagement.email_clicked");
        assertThat(outcome.newRows()).allSatisfy(r -> assertThat(r.ruleSetVersion()).isEqualTo("2026.11.3"));
        assertThat(outcome.scores()).singleElement().satisfies(s -> {
            assertThat(s.score()).isEqualTo(70);
            assertThat(s.temperature()).isEqualTo(Temperature.HOT);
            assertThat(s.receivedAt()).isEqualTo(lead.lead().receivedAt());
        });
        assertThat(outcome.changes()).extracting(c -> c.scoreBefore() + ">" + c.scoreAfter())
                .containsExactly("null>55", "55>70");
        assertThat(outcome.counts()).filteredOn(c -> c.kind() == Count.Kind.STAGE_REACHED)
                .singleElement().satisfies(c -> assertThat(c.stage()).isEqualTo(Stage.MQL));
        assertThat(outcome.counts()).filteredOn(c -> c.kind() == Count.Kind.TRANSITION).hasSize(2);
    }

    @Test
    void anEngagementBeforeItsLeadIsStoredAndCountsWhenTheLeadArrives() {
        ScoringBatch batch = new ScoringBatch(rules, Map.of(), NOW);

        batch.engagement("e1", engagement(Activity.EMAIL_CLICKED, NOW));
        assertThat(batch.outcome().publications()).isEmpty();
        assertThat(batch.outcome().scores()).isEmpty();
        batch.received("e2", Lane.LIVE, lead, null);
        Outcome outcome = batch.outcome();

        assertThat(outcome.publications()).singleElement().satisfies(p -> {
            assertThat(p.causeEventId()).isEqualTo("e2");
            assertThat(p.event().score()).isEqualTo(70);
        });
        assertThat(outcome.changes()).singleElement().satisfies(c -> assertThat(c.scoreBefore()).isNull());
    }

    @Test
    void aLeadReceivedAgainKeepsItsFitAddsItsFormAndTakesItsNewAnswers() {
        ScoringBatch first = new ScoringBatch(rules, Map.of(), NOW);
        first.received("e1", Lane.LIVE, lead, null);
        Known known = known(first.outcome());
        LeadReceived again = new LeadReceived(leadId, lead.lead(), FormType.NEWSLETTER, Map.of("budget", "yes"));

        ScoringBatch batch = new ScoringBatch(rules, Map.of(leadId, known), NOW);
        batch.received("e2", Lane.LIVE, again, null);
        Outcome outcome = batch.outcome();

        assertThat(outcome.newRows()).extracting(Row::rule).containsExactly("form.newsletter");
        assertThat(outcome.publications()).singleElement().satisfies(p -> assertThat(p.event().score())
                .isEqualTo(65));
        assertThat(outcome.scores()).singleElement().satisfies(s -> assertThat(s.answers()).contains("budget"));
        assertThat(outcome.counts()).noneMatch(c -> c.kind() == Count.Kind.STAGE_REACHED);
    }

    @Test
    void whatDoesNotMoveTheScoreIsNeitherStoredNorPublished() {
        ScoringBatch first = new ScoringBatch(rules, Map.of(), NOW);
        first.received("e1", Lane.LIVE, lead, null);
        ScoringBatch batch = new ScoringBatch(rules, Map.of(leadId, known(first.outcome())), NOW);

        batch.engagement("e2", engagement(Activity.CONSENT_CHANGED, NOW));
        batch.engagement("e3", engagement(Activity.UNKNOWN, NOW));

        assertThat(batch.outcome().storesNothing()).isTrue();
        assertThat(batch.outcome().publications()).isEmpty();
    }

    @Test
    void aMeetingBookedMakesTheLeadSalesQualifiedOnce() {
        ScoringBatch first = new ScoringBatch(rules, Map.of(), NOW);
        first.received("e1", Lane.LIVE, lead, null);
        ScoringBatch batch = new ScoringBatch(rules, Map.of(leadId, known(first.outcome())), NOW);
        Instant booked = NOW.minusSeconds(60);

        batch.engagement("e2", engagement(Activity.MEETING_BOOKED, booked));
        batch.salesQualified("e3", leadId, NOW, false);
        Outcome outcome = batch.outcome();

        assertThat(outcome.publications()).singleElement().satisfies(p -> {
            assertThat(p.event().stage()).isEqualTo(Stage.SQL);
            assertThat(p.causeEventId()).isEqualTo("e2");
        });
        assertThat(outcome.scores()).singleElement().satisfies(s -> assertThat(s.salesAcceptedAt())
                .isEqualTo(booked));
    }

    @Test
    void aConversionIsCountedForAKnownLeadByItsSource() {
        ScoringBatch first = new ScoringBatch(rules, Map.of(), NOW);
        first.received("e1", Lane.LIVE, lead, null);
        UUID unknown = UUID.randomUUID();
        ScoringBatch batch = new ScoringBatch(rules, Map.of(leadId, known(first.outcome())), NOW);

        batch.salesQualified("e2", unknown, NOW, true);
        batch.salesQualified("e3", leadId, NOW, true);
        Outcome outcome = batch.outcome();

        assertThat(outcome.counts()).filteredOn(c -> c.kind() == Count.Kind.CONVERTED).singleElement()
                .satisfies(c -> {
                    assertThat(c.causeEventId()).isEqualTo("e3");
                    assertThat(c.source()).isEqualTo("website");
                });
        assertThat(outcome.publications()).singleElement().satisfies(p -> assertThat(p.event().stage())
                .isEqualTo(Stage.SQL));
    }

    @Test
    void anImportedLeadIsPublishedInTheBulkLane() {
        ScoringBatch batch = new ScoringBatch(rules, Map.of(), NOW);

        batch.received("e1", Lane.BULK, lead, null);

        assertThat(batch.outcome().publications()).singleElement().satisfies(p -> assertThat(p.lane())
                .isEqualTo(Lane.BULK));
    }

    @Test
    void decayPublishesATransitionOnly() {
        // Fit 40 and a click 60 days old: 40 + 15 x 0.25 = 44 now, stored as 55 and warm: the score slipped only.
        Known slipped = knownWithEngagement(Duration.ofDays(60), 55, Temperature.WARM);
        ScoringBatch batch = new ScoringBatch(rules, Map.of(leadId, slipped), NOW);
        assertThat(batch.decay("decay/1", leadId)).isFalse();
        assertThat(batch.outcome().storesNothing()).isTrue();

        // The same stored as 70 and hot: now warm, a transition.
        Known cooled = knownWithEngagement(Duration.ofDays(60), 70, Temperature.HOT);
        ScoringBatch later = new ScoringBatch(rules, Map.of(leadId, cooled), NOW);
        assertThat(later.decay("decay/2", leadId)).isTrue();
        assertThat(later.outcome().publications()).singleElement().satisfies(p -> {
            assertThat(p.event().temperature()).isEqualTo(Temperature.WARM);
            assertThat(p.event().score()).isEqualTo(44);
        });
        assertThat(new ScoringBatch(rules, Map.of(), NOW).decay("decay/3", leadId)).isFalse();
    }

    private LeadEngagement engagement(Activity activity, Instant at) {
        return new LeadEngagement(leadId, activity, null, Map.of(), at, at);
    }

    /** What a later batch reads of the lead after {@code outcome} was stored. */
    private Known known(Outcome outcome) {
        Score score = outcome.scores().stream().filter(s -> s.leadId().equals(leadId)).findFirst().orElseThrow();
        return new Known(score, outcome.newRows().stream().filter(r -> r.leadId().equals(leadId)).toList());
    }

    private Known knownWithEngagement(Duration age, int storedScore, Temperature storedTemperature) {
        Instant clicked = NOW.minus(age);
        List<Row> rows = List.of(
                new Row(leadId, "email.business", RuleSet.FIT, 10, "business email", "e0", clicked, clicked, "v"),
                new Row(leadId, "title.director", RuleSet.FIT, 30, "director", "e0", clicked, clicked, "v"),
                new Row(leadId, "engagement.email_clicked", RuleSet.ENGAGEMENT, 15, "clicked", "e1", clicked,
                        clicked, "v"));
        Score score = new Score(leadId, 40, storedScore - 40, storedScore, "A", storedTemperature, Stage.MQL, "v",
                lead.lead(), null, null, null, clicked, clicked);
        return new Known(score, rows);
    }
}
