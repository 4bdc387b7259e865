package io.leadflow.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.leadflow.events.Company;
import io.leadflow.events.Consent;
import io.leadflow.events.Contact;
import io.leadflow.events.Contribution;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;

class FirstRuleSetTest {

    final FirstRuleSet rules = new FirstRuleSet(FreeMailDomains.shipped());

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
            "Responsable des achats, 10", "Commercial, 0", "Stagiaire, 0", "'', 0" })
    void titlesInEnglishAndFrenchEarnTheirPoints(String title, int points) {
        ScoreCard card = rules.score(lead("ana@acme.fr", title, FormType.NEWSLETTER));

        assertThat(card.fitScore() - 10).as(title).isEqualTo(points);
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
