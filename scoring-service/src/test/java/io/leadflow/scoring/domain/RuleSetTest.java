package io.leadflow.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.leadflow.events.Activity;
import io.leadflow.events.Company;
import io.leadflow.events.Consent;
import io.leadflow.events.Contact;
import io.leadflow.events.Contribution;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;

class RuleSetTest {

    final RuleSet rules = new RuleSet(FreeMailDomains.shipped());

    static LeadReceived lead(String email, String jobTitle, FormType formType) {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        return new LeadReceived(UUID.randomUUID(), new LeadProfile(new Contact(email, "Ana", "Silva", null, jobTitle),
                new Company("Acme", null), "FR", "fr", "Europe/Paris", "website", null, null,
                new Consent(true, null, now, "api"), now), formType, Map.of());
    }

    @Test
    void aQuoteRequestFromADirectorWithABusinessEmailIsHot() {
        ScoreCard card = rules.score(lead("ana@acme-industries.com", "Sales Director", FormType.QUOTE_REQUEST));

        assertThat(card.score()).isEqualTo(60);
        assertThat(card.temperature()).isEqualTo(Temperature.HOT);
        assertThat(card.grade()).isEqualTo("A");
        assertThat(card.stage()).isEqualTo(Stage.MQL);
        assertThat(card.contributions()).extracting(Contribution::rule)
                .containsExactly("form.quote_request", "email.business", "title.director");
    }

    @Test
    void aNewsletterSignUpFromAFreeMailAddressIsCold() {
        ScoreCard card = rules.score(lead("ana.silva@gmail.com", null, FormType.NEWSLETTER));

        assertThat(card.score()).isZero();
        assertThat(card.temperature()).isEqualTo(Temperature.COLD);
        assertThat(card.grade()).isEqualTo("D");
        assertThat(card.stage()).isEqualTo(Stage.LEAD);
        assertThat(card.enrichment().freeMail()).isTrue();
    }

    @Test
    void aContentDownloadFromAManagerIsWarm() {
        ScoreCard card = rules.score(lead("ana@acme.fr", "Responsable marketing", FormType.CONTENT_DOWNLOAD));

        assertThat(card.score()).isEqualTo(40);
        assertThat(card.temperature()).isEqualTo(Temperature.WARM);
    }

    @ParameterizedTest
    @CsvSource({
            "CEO, 20", "PDG, 20", "DG, 20", "Directeur commercial, 20", "Directrice des achats, 20",
            "VP Sales, 20", "Head of Marketing, 20", "Président, 20", "Sales Manager, 10",
            "Responsable des achats, 10", "Commercial, 0", "Stagiaire, -20", "Intern, -20", "'', 0" })
    void titlesInEnglishAndFrenchEarnTheirPoints(String title, int points) {
        ScoreCard card = rules.score(lead("ana@acme.fr", title, FormType.NEWSLETTER));

        assertThat(card.fitScore() - 10).as(title).isEqualTo(points);
    }

    static LeadEngagement engagement(Activity activity, Map<String, String> details, Instant at) {
        return new LeadEngagement(UUID.randomUUID(), activity, null, details, at, at);
    }

    @Test
    void opensAreCappedBecauseMailPrivacyOpensEveryEmail() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        LeadEngagement open = engagement(Activity.EMAIL_OPENED, Map.of(), now);

        assertThat(rules.engagement(open, 0)).map(Contribution::points).contains(10);
        assertThat(rules.engagement(open, 10)).map(Contribution::points).contains(10);
        assertThat(rules.engagement(open, 20)).map(Contribution::points).contains(0);
        assertThat(rules.engagement(open, 20)).map(Contribution::reason).hasValueSatisfying(
                reason -> assertThat(reason).contains("capped"));
    }

    @Test
    void aPricingPageIsIntentAndAConsentChangeScoresNothing() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");

        assertThat(rules.engagement(engagement(Activity.PAGE_VIEWED, Map.of("url", "/en/pricing"), now), 0))
                .map(Contribution::rule).contains("intent.pricing_page");
        assertThat(rules.engagement(engagement(Activity.PAGE_VIEWED, Map.of("url", "/blog"), now), 0))
                .map(Contribution::points).contains(2);
        assertThat(rules.engagement(engagement(Activity.CONSENT_CHANGED, Map.of(), now), 0)).isEmpty();
        assertThat(rules.engagement(new LeadEngagement(UUID.randomUUID(), Activity.FORM_SUBMITTED,
                FormType.DEMO_REQUEST, Map.of(), now, now), 0)).map(Contribution::points).contains(30);
    }

    @Test
    void engagementHalvesEveryThirtyDaysAndFitDoesNot() {
        Instant then = Instant.parse("2026-10-27T10:00:00Z");
        Instant now = then.plus(java.time.Duration.ofDays(30));
        List<RuleSet.Earned> earned = List.of(new RuleSet.Earned("email.business", 10, false, then),
                new RuleSet.Earned("form.demo_request", 30, true, then),
                new RuleSet.Earned("engagement.email_replied", 30, true, now));

        ScoreCard card = rules.total(null, earned, List.of(), now);

        assertThat(card.fitScore()).isEqualTo(10);
        assertThat(card.engagementScore()).isEqualTo(45);
        assertThat(card.score()).isEqualTo(55);
        assertThat(card.temperature()).isEqualTo(Temperature.WARM);
    }

    @Test
    void aProductSignalMakesAProductQualifiedLead() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        ScoreCard card = rules.total(null, List.of(new RuleSet.Earned("engagement.product_signal", 25, true, now)),
                List.of(), now);

        assertThat(card.stage()).isEqualTo(Stage.PQL);
    }

    @ParameterizedTest
    @CsvSource({ "Directeur commercial, sales", "Responsable marketing, marketing", "DSI, it",
            "Chargée d'affaires, sales", "PDG, executive", "Gérant, executive", "DRH, hr",
            "Responsable logistique, operations", "Contrôleur de gestion, finance", "Stagiaire, unknown" })
    void titlesTellTheDepartment(String title, String department) {
        assertThat(Department.of(title).label()).as(title).isEqualTo(department);
    }

    @Test
    void hotStartsAtSixtyAndWarmAtThirty() {
        // demo (30) + business email (10) + manager (10) = 50: warm, not hot.
        assertThat(rules.score(lead("ana@acme.fr", "IT Manager", FormType.DEMO_REQUEST)).temperature())
                .isEqualTo(Temperature.WARM);
        // contact (15) + business email (10) = 25: cold.
        assertThat(rules.score(lead("ana@acme.fr", null, FormType.CONTACT)).temperature())
                .isEqualTo(Temperature.COLD);
    }
}
