package io.leadflow.nurturing.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import io.leadflow.events.Activity;
import io.leadflow.events.Channel;
import io.leadflow.events.Company;
import io.leadflow.events.Contact;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.nurturing.testing.TestTokens;
import io.leadflow.nurturing.testing.Database;
import io.leadflow.testsupport.GreenMailSmtp;
import io.leadflow.nurturing.testing.Leads;
import io.leadflow.nurturing.testing.TestClock;
import io.leadflow.support.tracking.TrackingTokens;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@QuarkusTestResource(GreenMailSmtp.class)
class SendingFlowTest {

    /**
     * Monday 30 November 2026, 10:30 in Paris: the first working morning after the Saturday the tests enroll on, when
     * only the first step is due.
     */
    static final Instant MONDAY_MORNING_PARIS = Instant.parse("2026-11-30T09:30:00Z");
    static final Instant MONDAY_MORNING_NEW_YORK = Instant.parse("2026-11-30T15:00:00Z");
    static final TrackingTokens TOKENS = new TrackingTokens("test-tracking-secret-not-for-production");

    @Inject
    TestClock clock;

    @BeforeEach
    void beforeTheWindow() {
        clock.set(TestClock.SATURDAY_NOON);
    }

    /** Waits for the enrollment to be committed too (its event leaves just before the commit). */
    static UUID enroll(LeadScored lead) {
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
        UUID enrollmentId = Topic.of(Topics.NURTURE).awaitEvent(lead.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.ENROLLED).enrollmentId();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> TestTokens.as(Roles.OPS)
                .get("/api/v1/leads/{id}/enrollment", lead.leadId()).statusCode() == 200);
        return enrollmentId;
    }

    static List<MimeMessage> mailTo(String address, int atLeast) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> messagesTo(address).size() >= atLeast);
        return messagesTo(address);
    }

    static List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(GreenMailSmtp.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients() != null && m.getAllRecipients()[0].toString().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The decoded text of the email's part of this type (the email is multipart/alternative). */
    static String part(MimeMessage email, String type) throws Exception {
        jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) email.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType(type)) {
                return parts.getBodyPart(i).getContent().toString();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    static JsonPath enrollment(UUID leadId) {
        return TestTokens.as(Roles.OPS).get("/api/v1/leads/{id}/enrollment", leadId).then().statusCode(200).extract().jsonPath();
    }

    static List<String> tokensIn(String html, String path) {
        Matcher m = Pattern.compile("https://track\\.test" + path + "([A-Za-z0-9_.-]+)").matcher(html);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void aFrenchLeadGetsAPersonalisedFrenchEmailWithOneClickUnsubscribeAndTracking() throws Exception {
        LeadScored lead = Leads.french(Temperature.WARM, true);
        String address = lead.lead().contact().email();
        enroll(lead);
        assertThat(messagesTo(address)).as("nothing goes out on a Saturday").isEmpty();

        clock.set(MONDAY_MORNING_PARIS);

        List<MimeMessage> received = mailTo(address, 1);
        assertThat(received).hasSize(1);
        MimeMessage email = received.get(0);
        assertThat(email.getSubject()).isEqualTo("Claire, bienvenue chez Leadflow");
        assertThat(email.getHeader("Content-Language")[0]).isEqualTo("fr");
        assertThat(email.getFrom()[0].toString()).contains("hello@leadflow.example");
        String html = part(email, "text/html");
        String text = part(email, "text/plain");
        assertThat(text).contains("Bonjour Claire,").contains("Acme Industries")
                .contains("Se désinscrire: https://track.test/t/u/");
        assertThat(html).contains("Bonjour Claire,").contains("Acme Industries").contains("manufacturing")
                .contains("lang=\"fr\"");

        String listUnsubscribe = email.getHeader("List-Unsubscribe")[0];
        assertThat(listUnsubscribe).startsWith("<https://track.test/t/u/").endsWith(">");
        assertThat(email.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        String unsubscribeToken = listUnsubscribe.substring("<https://track.test/t/u/".length(),
                listUnsubscribe.length() - 1);
        TrackingTokens.Claims unsubscribe = TOKENS.verify(unsubscribeToken, Instant.now()).orElseThrow();
        assertThat(unsubscribe.leadId()).isEqualTo(lead.leadId());
        assertThat(unsubscribe.kind()).isEqualTo("unsubscribe");
        assertThat(tokensIn(html, "/t/u/")).containsExactly(unsubscribeToken);

        List<String> clicks = tokensIn(html, "/t/c/");
        assertThat(clicks).hasSize(1);
        TrackingTokens.Claims click = TOKENS.verify(clicks.get(0), MONDAY_MORNING_PARIS).orElseThrow();
        assertThat(click.kind()).isEqualTo("click");
        assertThat(click.url()).isEqualTo("https://leadflow.example/product");
        assertThat(click.leadId()).isEqualTo(lead.leadId());
        List<String> pixels = tokensIn(html, "/t/o/");
        assertThat(pixels).hasSize(1);
        assertThat(TOKENS.verify(pixels.get(0), MONDAY_MORNING_PARIS).orElseThrow().kind()).isEqualTo("open");

        LeadNurture sent = Topic.of(Topics.NURTURE).awaitEvent(lead.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.TOUCH_SENT);
        assertThat(sent.step()).isEqualTo(1);
        assertThat(sent.channel()).isEqualTo(Channel.EMAIL);
        assertThat(click.touchId()).isEqualTo(email.getHeader("X-Leadflow-Touch")[0]);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "sent".equals(enrollment(lead.leadId()).getString("touches[0].status")));
        assertThat(PrometheusText.sum(given().get("/q/metrics").asString(),
                "leadflow_nurture_sent_total{channel=\"email\",sequence=\"default\",step=\"1\"")).isPositive();
    }

    @Test
    void anEnglishLeadWithoutACompanyGetsTheEnglishEmail() throws Exception {
        // Outside the EU no opt-in is needed: this lead did not tick the box and is still emailed.
        LeadScored lead = Leads.american(Temperature.COLD);
        String address = lead.lead().contact().email();
        enroll(lead);

        clock.set(MONDAY_MORNING_NEW_YORK);

        MimeMessage email = mailTo(address, 1).get(0);
        assertThat(email.getSubject()).isEqualTo("Sam, welcome to Leadflow");
        assertThat(email.getHeader("Content-Language")[0]).isEqualTo("en");
        assertThat(part(email, "text/html")).contains("Hi Sam,").doesNotContain("null");
        assertThat(part(email, "text/plain")).contains("Hi Sam,").contains("See how Leadflow works: https://track.test/t/c/");
    }

    @Test
    void everyStepGoesOutOnceTheCallBecomesATaskAndTheSequenceCompletes() throws Exception {
        LeadScored lead = Leads.french(Temperature.COLD, true);
        String address = lead.lead().contact().email();
        UUID enrollmentId = enroll(lead);
        Topic.of(Topics.ENGAGEMENT).publish(lead.leadId(), new LeadEngagement(lead.leadId(),
                Activity.CONTENT_DOWNLOADED, null, Map.of("content", "Guide du routage des prospects"),
                Instant.now(), Instant.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "Guide du routage des prospects".equals(
                Database.queryString("select last_content from nurture_lead where lead_id = ?", lead.leadId())));

        // Three weeks of working mornings, a few scheduler ticks each.
        Instant day = MONDAY_MORNING_PARIS;
        for (int i = 0; i < 21; i++) {
            clock.set(day.plus(Duration.ofDays(i)));
            awaitNothingDue(lead.leadId());
        }

        assertThat(messagesTo(address)).extracting(m -> {
            try {
                return m.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).containsExactly("Claire, bienvenue chez Leadflow", "Comment une équipe comme Acme Industries répond en cinq minutes",
                "Leadflow en dix minutes", "Claire, on en parle ?");
        assertThat(part(messagesTo(address).get(1), "text/html"))
                .contains("Vous avez téléchargé « Guide du routage des prospects »");
        assertThat(part(messagesTo(address).get(0), "text/html")).doesNotContain("téléchargé");
        LeadNurture task = Topic.of(Topics.NURTURE).awaitEvent(lead.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.TASK_CREATED);
        assertThat(task.channel()).isEqualTo(Channel.CALL_TASK);
        assertThat(task.step()).isEqualTo(3);
        assertThat(task.reason()).isEqualTo("check-in-call");
        LeadNurture completed = Topic.of(Topics.NURTURE).awaitEvent(lead.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.COMPLETED);
        assertThat(completed.enrollmentId()).isEqualTo(enrollmentId);
        assertThat(Topic.of(Topics.NURTURE).awaitExactly(4, r -> lead.leadId().toString().equals(r.key())
                && r.value().contains("\"touch_sent\""), Duration.ofSeconds(1))).hasSize(4);
        assertThat(enrollment(lead.leadId()).getString("status")).isEqualTo("completed");

        // Still cold a week later: it rests (cool-down); a month and more later, it starts a sequence again.
        clock.set(day.plus(Duration.ofDays(28)));
        Topic.of(Topics.SCORED).publish(lead.leadId(), Leads.rescored(lead, Temperature.COLD));
        assertThat(Topic.of(Topics.NURTURE).awaitExactly(1, r -> lead.leadId().toString().equals(r.key())
                && r.value().contains("\"enrolled\""), Duration.ofSeconds(2))).hasSize(1);
        clock.set(day.plus(Duration.ofDays(60)));
        Topic.of(Topics.SCORED).publish(lead.leadId(), Leads.rescored(lead, Temperature.COLD));
        assertThat(Topic.of(Topics.NURTURE).awaitEvent(lead.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.ENROLLED && !e.enrollmentId().equals(enrollmentId))).isNotNull();
    }

    /** Waits until every touch of the lead that is due by the test clock has been handled. */
    void awaitNothingDue(UUID leadId) {
        awaitNothingDueFor(leadId, clock);
    }

    void awaitNothingDueFor(UUID leadId, TestClock clock) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath view = enrollment(leadId);
            List<String> due = view.getList("touches.dueAt");
            List<String> status = view.getList("touches.status");
            for (int i = 0; i < due.size(); i++) {
                if ("scheduled".equals(status.get(i)) && !Instant.parse(due.get(i)).isAfter(clock.instant())) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void twoStepsOverdueAtOnceGoOutADayApart() throws Exception {
        LeadScored lead = Leads.french(Temperature.COLD, true);
        String address = lead.lead().contact().email();
        enroll(lead);

        // Wednesday: the welcome (due Monday) and the case study (due today) are both overdue, as after downtime.
        clock.set(Instant.parse("2026-12-02T09:30:00Z"));
        assertThat(mailTo(address, 1)).hasSize(1);
        awaitNothingDue(lead.leadId());
        assertThat(messagesTo(address)).hasSize(1);
        assertThat(enrollment(lead.leadId()).getString("touches[1].dueAt"))
                .as("the next window opening 20 hours after the welcome: Thursday 09:00 in Paris")
                .isEqualTo("2026-12-03T08:00:00Z");

        clock.set(Instant.parse("2026-12-03T08:30:00Z"));
        List<MimeMessage> both = mailTo(address, 2);
        assertThat(both.get(1).getSubject()).startsWith("Comment une équipe comme Acme Industries");
    }

    @Test
    void withoutConsentInAnOptInCountryTheLeadGetsTasksOnly() {
        LeadScored lead = Leads.french(Temperature.COLD, false);
        String address = lead.lead().contact().email();
        enroll(lead);

        for (int i = 0; i < 21; i++) {
            clock.set(MONDAY_MORNING_PARIS.plus(Duration.ofDays(i)));
            awaitNothingDue(lead.leadId());
        }

        assertThat(messagesTo(address)).isEmpty();
        JsonPath view = enrollment(lead.leadId());
        assertThat(view.getList("touches.status")).containsExactly("skipped", "skipped", "sent", "skipped", "skipped");
        assertThat(view.getString("touches[0].lastError")).startsWith("no_consent");
        assertThat(Topic.of(Topics.NURTURE).awaitEvent(lead.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.TASK_CREATED).channel()).isEqualTo(Channel.CALL_TASK);
        assertThat(PrometheusText.sum(given().get("/q/metrics").asString(),
                "leadflow_nurture_skipped_total{reason=\"no_consent\"")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void anSmtpOutageIsRetriedWithBackOffAndTheEmailGoesOutOnce() {
        LeadScored lead = Leads.french(Temperature.WARM, true);
        String address = lead.lead().contact().email();
        enroll(lead);
        GreenMailSmtp.server().stop();
        try {
            clock.set(MONDAY_MORNING_PARIS);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> enrollment(lead.leadId()).getInt("touches[0].attempts") >= 1);
            JsonPath view = enrollment(lead.leadId());
            assertThat(view.getString("touches[0].status")).isEqualTo("scheduled");
            assertThat(view.getString("touches[0].lastError")).isNotBlank();
            assertThat(Instant.parse(view.getString("touches[0].dueAt"))).isAfter(MONDAY_MORNING_PARIS);
        } finally {
            GreenMailSmtp.server().start();
        }
        clock.set(MONDAY_MORNING_PARIS.plus(Duration.ofMinutes(5)));

        assertThat(mailTo(address, 1)).hasSize(1);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "sent".equals(enrollment(lead.leadId()).getString("touches[0].status")));
        assertThat(messagesTo(address)).hasSize(1);
    }

    @Test
    void aTemplateThatNoLongerRendersIsACountedSkipAndTheSchedulerGoesOn() throws Exception {
        LeadScored broken = Leads.american(Temperature.COLD);
        LeadScored fine = Leads.american(Temperature.COLD);
        UUID brokenEnrollment = enroll(broken);
        enroll(fine);
        // As if the template had been changed under a running enrollment.
        Database.update("update scheduled_touch set template = 'broken-for-tests' where enrollment_id = ? and step = 1",
                brokenEnrollment);

        clock.set(MONDAY_MORNING_NEW_YORK);

        assertThat(mailTo(fine.lead().contact().email(), 1)).hasSize(1);
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> "skipped".equals(enrollment(broken.leadId()).getString("touches[0].status")));
        assertThat(enrollment(broken.leadId()).getString("touches[0].lastError")).startsWith("template_failed")
                .contains("broken-for-tests");
        assertThat(messagesTo(broken.lead().contact().email())).isEmpty();
        assertThat(PrometheusText.sum(given().get("/q/metrics").asString(),
                "leadflow_nurture_skipped_total{reason=\"template_failed\"")).isPositive();
    }

    @Test
    void aLeadWithoutATimeZoneIsPlannedInUtcAndCounted() {
        LeadScored lead = Leads.scored(Temperature.COLD, new Contact(Leads.uniqueEmail("kim"), "Kim", null, null,
                null), new Company(null, null), "US", "en", null, false, null);
        enroll(lead);

        assertThat(enrollment(lead.leadId()).getString("timeZone")).isEqualTo("UTC");
        assertThat(enrollment(lead.leadId()).getString("touches[0].dueAt")).isEqualTo("2026-11-30T09:00:00Z");
        assertThat(PrometheusText.sum(given().get("/q/metrics").asString(),
                "leadflow_nurture_planned_in_utc_total")).isPositive();
    }

    @Test
    void aDomainGetsAtMostItsThrottleAMinuteAndTheRestFollows() {
        String domain = UUID.randomUUID().toString().substring(0, 8) + "-throttled.com";
        List<LeadScored> leads = java.util.stream.IntStream.range(0, 5).mapToObj(i -> Leads.scored(Temperature.COLD,
                new Contact("person" + i + "@" + domain, "P" + i, null, null, null), new Company(null, null), "US",
                "en", "America/New_York", false, null)).toList();
        leads.forEach(SendingFlowTest::enroll);

        clock.set(MONDAY_MORNING_NEW_YORK);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sentTo(domain) >= 3);
        awaitNothingDue(leads.get(0).leadId());
        leads.forEach(l -> awaitNothingDue(l.leadId()));
        assertThat(sentTo(domain)).as("the test profile's throttle: 3 a minute").isEqualTo(3);

        clock.set(MONDAY_MORNING_NEW_YORK.plus(Duration.ofSeconds(61)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sentTo(domain) == 5);
        assertThat(PrometheusText.sum(given().get("/q/metrics").asString(), "leadflow_nurture_throttled_total"))
                .isPositive();
    }

    static long sentTo(String domain) {
        return Arrays.stream(GreenMailSmtp.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().endsWith("@" + domain);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).count();
    }

    @Test
    void anAddressTheMailerRefusesIsACountedSkipAndTheSchedulerGoesOn() {
        LeadScored refused = Leads.scored(Temperature.COLD, new Contact("no address at all", "Ann", null, null, null),
                new Company(null, null), "US", "en", "America/New_York", true, null);
        LeadScored fine = Leads.american(Temperature.COLD);
        enroll(refused);
        enroll(fine);

        clock.set(MONDAY_MORNING_NEW_YORK);

        assertThat(mailTo(fine.lead().contact().email(), 1)).hasSize(1);
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> "skipped".equals(enrollment(refused.leadId()).getString("touches[0].status")));
        assertThat(enrollment(refused.leadId()).getString("touches[0].lastError")).startsWith("refused");
        assertThat(PrometheusText.sum(given().get("/q/metrics").asString(),
                "leadflow_nurture_skipped_total{reason=\"refused\"")).isPositive();
    }
}
