package io.leadflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    static final UUID LEAD = UUID.fromString("0b8f3c1e-5a61-4d2a-9c57-2f4a7f0e9a11");
    static final Instant RECEIVED_AT = Instant.parse("2026-11-26T09:15:30.123456Z");

    static LeadProfile profile() {
        return new LeadProfile(
                new Contact("claire.martin@acme.fr", "Claire", "Martin", "+33612345678", "Directrice commerciale"),
                new Company("Acme SAS", "https://acme.fr"), "FR", "fr", "Europe/Paris", "website", "q4-pricing",
                new Utm("google", "cpc", "q4-pricing", "lead routing", "ad-2", "https://www.google.com/"),
                new Consent(true, "2026-01", RECEIVED_AT, "web_form"), RECEIVED_AT);
    }

    /** One sample of every event type, each with every field set. */
    static Stream<Object> samples() {
        UUID assignment = UUID.fromString("6f1c2b7a-0d4e-4a55-8d7f-3a9e21c4b001");
        UUID rep = UUID.fromString("9a7b6c5d-1e2f-4a3b-8c4d-5e6f7a8b9c0d");
        return Stream.of(
                new LeadReceived(LEAD, profile(), FormType.QUOTE_REQUEST, Map.of("budget", "50k", "timeline", "Q1")),
                new LeadEngagement(LEAD, Activity.FORM_SUBMITTED, FormType.DEMO_REQUEST, Map.of("page", "/pricing"),
                        RECEIVED_AT.plusSeconds(60), RECEIVED_AT.plusSeconds(61)),
                new LeadScored(LEAD, profile(), new Enrichment("acme.fr", false, false, "director", "sales", "Acme SAS",
                        "software", 240, "201-1000", 42_000_000L, "FR", "series_b", java.time.LocalDate.of(2026, 3, 2), true,
                        "reference"),
                        "A", 30, 30, 60, Temperature.HOT, Stage.MQL, "2026.11.1",
                        List.of(new Contribution("form.quote_request", 30, "asked for a quote")),
                        RECEIVED_AT.plusMillis(40)),
                new LeadAssignment(assignment, LEAD, AssignmentStatus.OUTCOME, rep, "Alice Durand", rep,
                        Outcome.MEETING_BOOKED, "booked for Tuesday", 60, Temperature.HOT,
                        List.of("asked for a quote"), RECEIVED_AT, RECEIVED_AT.plusSeconds(120),
                        RECEIVED_AT.plusSeconds(30)),
                new LeadNurture(LEAD, assignment, "default", NurtureStatus.TASK_CREATED, 3, Channel.CALL_TASK,
                        RECEIVED_AT.plusSeconds(86_400), "cooled down", RECEIVED_AT, RECEIVED_AT.plusMillis(50)),
                new ErasureRequested(assignment, LEAD, "5d41402abc4b2a76b9719d911017c592", RECEIVED_AT),
                new ErasureCompleted(assignment, LEAD, "scoring-service", RECEIVED_AT.plusSeconds(2)),
                new ExportRequested(assignment, List.of(LEAD), "5d41402abc4b2a76b9719d911017c592",
                        RECEIVED_AT),
                new ExportContributed(assignment, "routing-service", RECEIVED_AT.plusSeconds(3),
                        Map.of("assignments", List.of(Map.of("rep", "Ana", "score", 82)),
                                "erased", false)));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyEventTypeRoundTripsThroughJsonUnchanged(Object event) {
        String json = EventJson.write(event);

        assertThat(EventJson.read(json, event.getClass())).isEqualTo(event);
    }

    @Test
    void everyEventTypeHasASample() {
        assertThat(samples().map(e -> EventType.ofPayload(e.getClass()))).containsExactlyInAnyOrder(EventType.values());
    }

    @Test
    void enumsTravelAsLowerCaseWords() {
        String json = EventJson.write(samples().filter(LeadReceived.class::isInstance).findFirst().orElseThrow());

        assertThat(json).contains("\"formType\":\"quote_request\"").contains("\"receivedAt\":\"2026-11-26T09:15:30.123456Z\"");
    }

    @Test
    void readersIgnoreFieldsTheyDoNotKnow() {
        String json = "{\"leadId\":\"" + LEAD + "\",\"activity\":\"page_viewed\",\"addedInV2\":{\"x\":1}}";

        LeadEngagement read = EventJson.read(json, LeadEngagement.class);

        assertThat(read.leadId()).isEqualTo(LEAD);
        assertThat(read.activity()).isEqualTo(Activity.PAGE_VIEWED);
    }

    @Test
    void readersTakeAnEnumValueTheyDoNotKnowAsUnknownAndKeepTheRest() {
        // A newer producer during a rolling deploy: a new activity, a new form type and a new property.
        String engagementJson = "{\"leadId\":\"" + LEAD + "\",\"activity\":\"video_watched\",\"formType\":\"fax\","
                + "\"details\":{\"url\":\"/pricing\"},\"occurredAt\":\"2026-11-26T09:16:30Z\","
                + "\"watchedSeconds\":42,\"receivedAt\":\"2026-11-26T09:16:31Z\"}";

        LeadEngagement engagement = EventJson.read(engagementJson, LeadEngagement.class);

        assertThat(engagement).isEqualTo(new LeadEngagement(LEAD, Activity.UNKNOWN, FormType.UNKNOWN,
                Map.of("url", "/pricing"), Instant.parse("2026-11-26T09:16:30Z"),
                Instant.parse("2026-11-26T09:16:31Z")));

        LeadAssignment assignment = EventJson.read("{\"leadId\":\"" + LEAD + "\",\"status\":\"transferred\","
                + "\"outcome\":\"nurtured\",\"temperature\":\"scorching\",\"score\":60,\"repName\":\"Alice\"}",
                LeadAssignment.class);
        assertThat(assignment.status()).isEqualTo(AssignmentStatus.UNKNOWN);
        assertThat(assignment.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(assignment.temperature()).isEqualTo(Temperature.UNKNOWN);
        assertThat(assignment.leadId()).isEqualTo(LEAD);
        assertThat(assignment.score()).isEqualTo(60);
        assertThat(assignment.repName()).isEqualTo("Alice");

        LeadNurture nurture = EventJson.read("{\"leadId\":\"" + LEAD + "\",\"status\":\"paused\","
                + "\"channel\":\"sms_task\",\"step\":2}", LeadNurture.class);
        assertThat(nurture.status()).isEqualTo(NurtureStatus.UNKNOWN);
        assertThat(nurture.channel()).isEqualTo(Channel.UNKNOWN);
        assertThat(nurture.step()).isEqualTo(2);

        LeadScored scored = EventJson.read("{\"leadId\":\"" + LEAD + "\",\"temperature\":\"boiling\","
                + "\"stage\":\"opportunity\",\"grade\":\"A\",\"score\":90}", LeadScored.class);
        assertThat(scored.temperature()).isEqualTo(Temperature.UNKNOWN);
        assertThat(scored.stage()).isEqualTo(Stage.UNKNOWN);
        assertThat(scored.grade()).isEqualTo("A");
        assertThat(scored.score()).isEqualTo(90);
    }

    @Test
    void anAbsentEnumValueStaysAbsentAndTheLiteralUnknownReadsAsUnknown() {
        // Absent is not unknown: consumers still dead-letter an event missing what it must carry.
        assertThat(EventJson.read("{\"leadId\":\"" + LEAD + "\"}", LeadEngagement.class).activity()).isNull();
        assertThat(EventJson.read("{\"leadId\":\"" + LEAD + "\",\"activity\":null}", LeadEngagement.class)
                .activity()).isNull();
        assertThat(EventJson.read("{\"activity\":\"unknown\"}", LeadEngagement.class).activity())
                .isEqualTo(Activity.UNKNOWN);
        assertThat(EventJson.read("{\"activity\":\" Email_Opened \"}", LeadEngagement.class).activity())
                .as("read as leniently as fromWire").isEqualTo(Activity.EMAIL_OPENED);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void knownValuesAreWrittenExactlyAsWithoutTheTolerantReaders(Object event) throws Exception {
        ObjectMapper plain = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);

        assertThat(EventJson.write(event)).isEqualTo(plain.writeValueAsString(event));
    }

    @Test
    void unknownIsNeverWritten() {
        LeadEngagement engagement = new LeadEngagement(LEAD, Activity.UNKNOWN, null, Map.of(), RECEIVED_AT,
                RECEIVED_AT);
        LeadScored scored = new LeadScored(LEAD, profile(), null, "A", 30, 30, 60, Temperature.HOT, Stage.UNKNOWN, "1",
                List.of(), RECEIVED_AT);

        assertThatThrownBy(() -> EventJson.write(engagement)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventJson.write(scored)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fromWireAndTheHttpApisJacksonStillRefuseValuesTheyDoNotKnow() throws Exception {
        assertThatThrownBy(() -> Activity.fromWire("video_watched")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("video_watched");
        assertThatThrownBy(() -> FormType.fromWire("unknown")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Activity.fromWire(" Email_Opened ")).isEqualTo(Activity.EMAIL_OPENED);
        // Services' HTTP APIs read request bodies with their own Jackson mapper, through fromWire, not EventJson's.
        ObjectMapper http = new ObjectMapper();
        assertThatThrownBy(() -> http.readValue("\"nurtured\"", Outcome.class))
                .isInstanceOf(com.fasterxml.jackson.databind.JsonMappingException.class);
        assertThatThrownBy(() -> http.readValue("\"unknown\"", Channel.class))
                .isInstanceOf(com.fasterxml.jackson.databind.JsonMappingException.class);
        assertThat(http.readValue("\"call_task\"", Channel.class)).isEqualTo(Channel.CALL_TASK);
    }

    @Test
    void malformedValuesAreReportedAsMalformedEvents() {
        assertThatThrownBy(() -> EventJson.read("{not json", LeadReceived.class))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventJson.read("{\"leadId\":\"" + LEAD + "\",\"formType\":{\"fax\":1}}",
                LeadReceived.class))
                .as("an enum value that is not even a string").isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("formType").hasMessageNotContaining("fax");
        assertThatThrownBy(() -> EventJson.read("{\"leadId\":\"ada@example.com\"}", LeadReceived.class))
                .as("the value, personal data, is never quoted").isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("leadId").hasMessageNotContaining("ada@example.com")
                .as("the dead-letter queue writes the cause's message in a header: no cause quoting it").hasNoCause();
        assertThatThrownBy(() -> EventJson.read("ada@example.com", LeadReceived.class))
                .isInstanceOf(MalformedEventException.class).hasMessageNotContaining("ada");
        assertThatThrownBy(() -> EventJson.read("", LeadReceived.class)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void eachTypeNamesItsTopic() {
        assertThat(EventType.ofCeType("lead.scored.v1")).contains(EventType.LEAD_SCORED);
        assertThat(EventType.LEAD_SCORED.topic()).isEqualTo(Topics.SCORED);
        assertThat(Topics.deadLetter(Topics.SCORED)).isEqualTo("leads.scored.dlq");
    }
}
