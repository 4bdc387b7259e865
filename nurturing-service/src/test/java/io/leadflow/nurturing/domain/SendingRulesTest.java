package io.leadflow.nurturing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.leadflow.nurturing.mail.PlainText;
import io.leadflow.nurturing.mail.SendFailure;
import io.vertx.ext.mail.SMTPException;

class SendingRulesTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final SendWindow MORNING = new SendWindow(LocalTime.of(9, 0), LocalTime.of(11, 30));

    static Instant paris(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), PARIS).toInstant();
    }

    @Test
    void aMorningWindowIsOpenOnlyOnWorkingMornings() {
        assertThat(MORNING.isOpen(paris("2026-11-30T10:00"), PARIS)).isTrue();
        assertThat(MORNING.isOpen(paris("2026-11-30T11:30"), PARIS)).isFalse();
        assertThat(MORNING.isOpen(paris("2026-11-28T10:00"), PARIS)).as("Saturday").isFalse();
    }

    @Test
    void aClosedWindowWaitsForItsNextOpening() {
        assertThat(MORNING.nextOpening(paris("2026-11-30T08:00"), PARIS)).isEqualTo(paris("2026-11-30T09:00"));
        assertThat(MORNING.nextOpening(paris("2026-11-30T14:00"), PARIS)).isEqualTo(paris("2026-12-01T09:00"));
        assertThat(MORNING.nextOpening(paris("2026-11-27T12:00"), PARIS)).as("Friday noon -> Monday")
                .isEqualTo(paris("2026-11-30T09:00"));
        assertThat(MORNING.nextOpening(paris("2026-11-30T10:00"), PARIS)).isEqualTo(paris("2026-11-30T10:00"));
    }

    @Test
    void businessDaysAreConfigurable() {
        SendWindow everyDay = MORNING.on(java.util.EnumSet.allOf(java.time.DayOfWeek.class));
        assertThat(everyDay.isOpen(paris("2026-11-28T10:00"), PARIS)).as("Saturday").isTrue();
        assertThat(TouchPlanner.dueAt(paris("2026-11-27T10:00"), PARIS, 1, everyDay))
                .as("Friday + 1 day = Saturday").isEqualTo(paris("2026-11-28T09:00"));
        assertThat(TouchPlanner.dueAt(paris("2026-11-27T10:00"), PARIS, 1, MORNING))
                .as("Friday + 1 business day = Monday").isEqualTo(paris("2026-11-30T09:00"));
    }

    @Test
    void aWindowMustStartBeforeItEnds() {
        assertThatThrownBy(() -> new SendWindow(LocalTime.of(12, 0), LocalTime.of(9, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stepsArePlannedAtTheOpeningOfTheirOwnWindow() {
        SendWindow afternoon = new SendWindow(LocalTime.of(14, 0), LocalTime.of(16, 0));
        assertThat(TouchPlanner.dueAt(paris("2026-11-30T10:00"), PARIS, 1, afternoon))
                .isEqualTo(paris("2026-12-01T14:00"));
        // Enrolled after today's window closed: day 0 is the next working day.
        assertThat(TouchPlanner.dueAt(paris("2026-11-30T17:00"), PARIS, 0, afternoon))
                .isEqualTo(paris("2026-12-01T14:00"));
    }

    @Test
    void frenchForFrenchSpeakersEnglishOtherwise() {
        assertThat(EmailLanguage.of("fr", "CA")).isEqualTo("fr");
        assertThat(EmailLanguage.of("fr-BE", null)).isEqualTo("fr");
        assertThat(EmailLanguage.of(null, "BE")).isEqualTo("fr");
        assertThat(EmailLanguage.of("de", "CH")).isEqualTo("en");
        assertThat(EmailLanguage.of(null, "US")).isEqualTo("en");
        assertThat(EmailLanguage.of(null, null)).isEqualTo("en");
    }

    @Test
    void optInCountriesNeedRecordedConsent() {
        ConsentPolicy policy = new ConsentPolicy(ConsentPolicy.EU_AND_EEA);
        assertThat(policy.allowsMarketingEmail("FR", false)).isFalse();
        assertThat(policy.allowsMarketingEmail("no", false)).as("Norway is in the EEA").isFalse();
        assertThat(policy.allowsMarketingEmail("FR", true)).isTrue();
        assertThat(policy.allowsMarketingEmail("US", false)).isTrue();
        assertThat(policy.allowsMarketingEmail(null, false)).as("unknown country: the safe side").isFalse();
        assertThat(new ConsentPolicy(List.of("US")).allowsMarketingEmail("FR", false)).isTrue();
    }

    @Test
    void retriesBackOffUpToTheirCapAndGiveUp() {
        RetryBackOff backOff = new RetryBackOff(Duration.ofMinutes(1), Duration.ofMinutes(10), 5);
        Instant now = Instant.parse("2026-11-30T10:00:00Z");
        assertThat(backOff.nextTry(now, 1)).isEqualTo(now.plus(Duration.ofMinutes(1)));
        assertThat(backOff.nextTry(now, 3)).isEqualTo(now.plus(Duration.ofMinutes(4)));
        assertThat(backOff.nextTry(now, 9)).isEqualTo(now.plus(Duration.ofMinutes(10)));
        assertThat(backOff.givesUpAfter(4)).isFalse();
        assertThat(backOff.givesUpAfter(5)).isTrue();
    }

    @Test
    void smtpRefusalsArePermanentAndOutagesAreNot() {
        assertThat(SendFailure.isPermanent(new SMTPException("rcpt", 550, List.of("550 no such user"), true)))
                .isTrue();
        assertThat(SendFailure.isPermanent(new SMTPException("rcpt", 451, List.of("451 try later"), false)))
                .isFalse();
        assertThat(SendFailure.isPermanent(new IllegalArgumentException("invalid address"))).isTrue();
        assertThat(SendFailure.isPermanent(new java.net.ConnectException("refused"))).isFalse();
    }

    @Test
    void aFailureIsDescribedWithoutTheAddressItQuotes() {
        assertThat(SendFailure.describe(new IllegalStateException("550 5.1.1 <claire.martin@acme.fr>: Recipient "
                + "address rejected"))).isEqualTo("IllegalStateException: 550 5.1.1 <<email>>: Recipient address "
                        + "rejected");
    }

    @Test
    void thePlainTextPartSaysTheSameWithItsLinksWrittenOut() {
        String text = PlainText.fromHtml("""
                <!DOCTYPE html>
                <html lang="en"><head><title>x</title></head><body>
                <p>Hi Claire,</p>
                <p>Teams at <b>AT&amp;T</b> use it.</p>
                <p><a href="https://track.test/t/c/abc">See how it works</a></p>
                <hr>
                <p>Done? <a href="https://track.test/t/u/xyz">Unsubscribe</a></p>
                <img src="https://track.test/t/o/p" width="1" height="1" alt="">
                </body></html>
                """);

        assertThat(text).isEqualTo("""
                Hi Claire,

                Teams at AT&T use it.

                See how it works: https://track.test/t/c/abc

                ---

                Done? Unsubscribe: https://track.test/t/u/xyz
                """);
    }

    @Test
    void theDownloadedContentIsFoundUnderItsUsualNames() {
        assertThat(EngagementDetails.contentOf(Map.of("title", "  The   routing guide "))).isEqualTo("The routing guide");
        assertThat(EngagementDetails.contentOf(Map.of("url", "/x"))).isNull();
        assertThat(EngagementDetails.contentOf(null)).isNull();
    }

    @Test
    void softBouncesAreToldApart() {
        assertThat(EngagementDetails.isSoftBounce(Map.of("bounceType", "soft"))).isTrue();
        assertThat(EngagementDetails.isSoftBounce(Map.of("type", "Transient"))).isTrue();
        assertThat(EngagementDetails.isSoftBounce(Map.of("bounceType", "hard"))).isFalse();
        assertThat(EngagementDetails.isSoftBounce(Map.of("providerEvent", "deferred"))).isTrue();
        assertThat(EngagementDetails.isSoftBounce(Map.of("providerEvent", "bounce"))).isFalse();
        assertThat(EngagementDetails.isSoftBounce(null)).isFalse();
    }
}
