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
import io.leadflow.events.Enrichment;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;

class RuleSetTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    final RuleSet rules = shipped();

    /** The rule set the service ships. */
    static RuleSet shipped() {
        return build(resource("/scoring/rulesets/2026.11.3.yaml"));
    }

    static RuleSet build(String yaml) {
        return new RuleSet(RuleSetDefinition.parse(yaml), DomainList.freeMail(), DomainList.disposable());
    }

    static String resource(String path) {
        try (var in = RuleSetTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static LeadReceived lead(String email, String jobTitle, FormType formType) {
        return lead(email, jobTitle, null, formType, Map.of());
    }

    static LeadReceived lead(String email, String jobTitle, String website, FormType formType,
            Map<String, String> answers) {
        return new LeadReceived(UUID.randomUUID(), new LeadProfile(new Contact(email, "Ana", "Silva", null, jobTitle),
                new Company("Acme", website), "FR", "fr", "Europe/Paris", "website", null, null,
                new Consent(true, null, NOW, "api"), NOW), formType, answers);
    }

    @Test
    void aQuoteRequestFromADirectorWithABusinessEmailIsHot() {
        ScoreCard card = rules.score(lead("ana@acme-industries.com", "Sales Director", FormType.QUOTE_REQUEST));

        // quote 30 + business email 10 + director 20 + sales 5 + France 5
        assertThat(card.score()).isEqualTo(70);
        assertThat(card.fitScore()).isEqualTo(40);
        assertThat(card.temperature()).isEqualTo(Temperature.HOT);
        assertThat(card.grade()).isEqualTo("A");
        assertThat(card.stage()).isEqualTo(Stage.MQL);
        assertThat(card.ruleSetVersion()).isEqualTo("2026.11.3");
        assertThat(card.contributions()).extracting(Contribution::rule).containsExactly("form.quote_request",
                "email.business", "title.director", "department.sales", "country.FR");
    }

    @Test
    void aNewsletterSignUpFromAFreeMailAddressIsCold() {
        ScoreCard card = rules.score(lead("ana.silva@gmail.com", null, FormType.NEWSLETTER));

        // newsletter 10 - free mail 10 + France 5
        assertThat(card.score()).isEqualTo(5);
        assertThat(card.temperature()).isEqualTo(Temperature.COLD);
        assertThat(card.grade()).isEqualTo("D");
        assertThat(card.stage()).isEqualTo(Stage.LEAD);
        assertThat(card.enrichment().freeMail()).isTrue();
    }

    @Test
    void aContentDownloadFromAManagerIsWarm() {
        // content 20 + business email 10 + manager 10 + marketing 5 + France 5
        ScoreCard card = rules.score(lead("ana@acme.fr", "Responsable marketing", FormType.CONTENT_DOWNLOAD));

        assertThat(card.score()).isEqualTo(50);
        assertThat(card.temperature()).isEqualTo(Temperature.WARM);
    }

    @ParameterizedTest
    @CsvSource({
            "CEO, 20", "PDG, 20", "DG, 20", "Directeur commercial, 20", "Directrice des achats, 20",
            "VP Sales, 20", "Head of Marketing, 15", "Président, 20", "Gérant, 20", "Sales Manager, 10",
            "Responsable des achats, 10", "Commercial, 0", "Chargée d'affaires, 0", "Stagiaire, -20",
            "Intern, -20", "'', 0" })
    void titlesInEnglishAndFrenchEarnTheirPoints(String title, int points) {
        ScoreCard card = rules.score(lead("ana@acme.fr", title, FormType.NEWSLETTER));

        assertThat(card.contributions().stream().filter(c -> c.rule().startsWith("title."))
                .mapToInt(Contribution::points).sum()).as(title).isEqualTo(points);
    }

    @Test
    void theCompanysFirmographicsScoreAgainstTheIdealCustomerProfile() {
        LeadReceived lead = lead("dana@litware.ca", "Developer", FormType.NEWSLETTER);
        Firmographics litware = new Firmographics("litware.ca", "Litware Systems", "software", 320, 41_000_000L, "CA",
                "series_c", NOW.atZone(java.time.ZoneOffset.UTC).toLocalDate().minusDays(30), true, "reference");

        Enrichment enrichment = rules.enrich(lead.lead(), litware);
        List<Contribution> fit = rules.fit(lead.lead(), enrichment, NOW);

        assertThat(enrichment.employeeBand()).isEqualTo("201-1000");
        assertThat(enrichment.companyName()).isEqualTo("Litware Systems");
        assertThat(fit).extracting(Contribution::rule, Contribution::points).contains(
                org.assertj.core.groups.Tuple.tuple("company.industry", 15),
                org.assertj.core.groups.Tuple.tuple("company.employees", 15),
                org.assertj.core.groups.Tuple.tuple("company.revenue", 5),
                org.assertj.core.groups.Tuple.tuple("company.recent_funding", 5),
                org.assertj.core.groups.Tuple.tuple("company.recent_news", 3));
    }

    @Test
    void aFreeMailLeadIsMatchedToItsCompanyByItsWebsite() {
        LeadReceived lead = lead("dana@gmail.com", null, "https://www.Tailspin.io/about", FormType.CONTACT, Map.of());

        assertThat(rules.companyDomain(lead.lead())).isEqualTo("tailspin.io");
        assertThat(rules.companyDomain(lead("dana@tailspin.io", null, FormType.CONTACT).lead()))
                .isEqualTo("tailspin.io");
        assertThat(rules.companyDomain(lead("dana@gmail.com", null, "not a url", FormType.CONTACT, Map.of())
                .lead())).isNull();
    }

    @Test
    void disposableAddressesAndCompetitorsCountAgainst() {
        ScoreCard disposable = rules.score(lead("x@eu.mailinator.com", null, FormType.CONTACT));
        ScoreCard competitor = rules.score(lead("spy@rivalroute.io", "VP Sales", FormType.DEMO_REQUEST));

        assertThat(disposable.enrichment().disposable()).isTrue();
        assertThat(disposable.contributions()).extracting(Contribution::rule).contains("email.disposable");
        assertThat(competitor.contributions()).extracting(Contribution::rule).contains("fit.competitor");
        assertThat(competitor.temperature()).isEqualTo(Temperature.COLD);
    }

    @Test
    void bantAnswersInEnglishOrFrenchCountAsQualification() {
        ScoreCard card = rules.score(lead("ana@acme.fr", null, null, FormType.CONTACT,
                Map.of("Budget", "Oui", "timeline", "This quarter", "need", "maybe")));

        assertThat(card.contributions()).extracting(Contribution::rule, Contribution::points).contains(
                org.assertj.core.groups.Tuple.tuple("qualification.budget", 10),
                org.assertj.core.groups.Tuple.tuple("qualification.timeline", 15));
        assertThat(card.contributions()).extracting(Contribution::rule).doesNotContain("qualification.need");
        // contact 15 + business email 10 + France 5 + budget 10 + timeline 15; qualification is not fit.
        assertThat(card.score()).isEqualTo(55);
        assertThat(card.fitScore()).isEqualTo(15);
    }

    @Test
    void absurdInputIsScoredWithWhatIsKnown() {
        String longTitle = "Directeur ".repeat(500);
        ScoreCard card = rules.score(lead("李@例子.公司", longTitle, FormType.CONTACT));

        assertThat(card.contributions()).allSatisfy(c -> assertThat(c.reason().length()).isLessThan(200));
        assertThat(card.temperature()).isNotNull();
    }

    static LeadEngagement engagement(Activity activity, Map<String, String> details, Instant at) {
        return new LeadEngagement(UUID.randomUUID(), activity, null, details, at, at);
    }

    @Test
    void aFormTypeThisVersionDoesNotKnowEarnsNothing() {
        // What a newer intake's form type reads as (EventJson): the lead is scored on everything else.
        ScoreCard card = rules.score(lead("ana@acme-industries.com", "Sales Director", FormType.UNKNOWN));

        assertThat(card.contributions()).extracting(Contribution::rule).containsExactly("email.business",
                "title.director", "department.sales", "country.FR");
        assertThat(rules.engagement(new LeadEngagement(UUID.randomUUID(), Activity.FORM_SUBMITTED, FormType.UNKNOWN,
                Map.of(), NOW, NOW), 0)).isEmpty();
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
        List<RuleSet.Earned> earned = List.of(new RuleSet.Earned("email.business", RuleSet.FIT, 10, then),
                new RuleSet.Earned("form.demo_request", RuleSet.ENGAGEMENT, 30, then),
                new RuleSet.Earned("qualification.budget", RuleSet.QUALIFICATION, 10, then),
                new RuleSet.Earned("engagement.email_replied", RuleSet.ENGAGEMENT, 30, now));

        ScoreCard card = rules.total(null, earned, List.of(), null, false, now);

        assertThat(card.fitScore()).isEqualTo(10);
        assertThat(card.engagementScore()).isEqualTo(55);
        assertThat(card.score()).isEqualTo(65);
        assertThat(card.temperature()).isEqualTo(Temperature.HOT);
    }

    @Test
    void aProductSignalMakesAProductQualifiedLead() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        ScoreCard card = rules.total(null, List.of(new RuleSet.Earned("engagement.product_signal",
                RuleSet.ENGAGEMENT, 25, now)), List.of(), null, false, now);

        assertThat(card.stage()).isEqualTo(Stage.PQL);
    }

    @Test
    void aLeadARepAcceptedIsSalesQualifiedAndAStageNeverGoesBack() {
        List<RuleSet.Earned> nothing = List.of();

        assertThat(rules.total(null, nothing, List.of(), null, true, NOW).stage()).isEqualTo(Stage.SQL);
        assertThat(rules.total(null, nothing, List.of(), Stage.MQL, false, NOW).stage()).isEqualTo(Stage.MQL);
        assertThat(rules.total(null, nothing, List.of(), null, false, NOW).stage()).isEqualTo(Stage.LEAD);
    }

    @Test
    void storedEngagementIsRepricedByAnotherRuleSetWithItsCaps() {
        RuleSet stingy = build(resource("/scoring/rulesets/2026.11.3.yaml").replace(
                "email_opened: { points: 10, cap: 20 }", "email_opened: { points: 5, cap: 5 }"));
        List<RuleSet.Earned> stored = List.of(
                new RuleSet.Earned("email.business", RuleSet.FIT, 10, NOW),
                new RuleSet.Earned("engagement.email_opened", RuleSet.ENGAGEMENT, 10, NOW),
                new RuleSet.Earned("engagement.email_opened", RuleSet.ENGAGEMENT, 10, NOW),
                new RuleSet.Earned("engagement.no_longer_priced", RuleSet.ENGAGEMENT, 7, NOW));

        assertThat(stingy.reprice(stored)).extracting(RuleSet.Earned::points).containsExactly(5, 0, 0);
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
        // demo 30 + business email 10 + manager 10 + IT 5 + France 5 = 60: hot.
        assertThat(rules.score(lead("ana@acme.fr", "IT Manager", FormType.DEMO_REQUEST)).temperature())
                .isEqualTo(Temperature.HOT);
        // demo 30 + business email 10 + sales 5 + France 5 = 50: warm.
        assertThat(rules.score(lead("ana@acme.fr", "Commercial", FormType.DEMO_REQUEST)).temperature())
                .isEqualTo(Temperature.WARM);
        // newsletter 10 + business email 10 + France 5 = 25: cold.
        assertThat(rules.score(lead("ana@acme.fr", null, FormType.NEWSLETTER)).temperature())
                .isEqualTo(Temperature.COLD);
    }
}
