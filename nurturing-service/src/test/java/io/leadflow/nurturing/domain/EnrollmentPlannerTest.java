package io.leadflow.nurturing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.leadflow.events.Channel;
import io.leadflow.events.Company;
import io.leadflow.events.Contact;
import io.leadflow.events.Lane;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Temperature;
import io.leadflow.nurturing.domain.EnrollmentPlan.Count;
import io.leadflow.nurturing.domain.EnrollmentPlan.NewEnrollment;
import io.leadflow.nurturing.domain.EnrollmentPlan.PlannedTouch;
import io.leadflow.nurturing.domain.EnrollmentPlan.Publication;
import io.leadflow.nurturing.domain.EnrollmentPlanner.Known;
import io.leadflow.nurturing.domain.EnrollmentPlanner.LatestEnrollment;
import io.leadflow.nurturing.domain.EnrollmentPlanner.Scored;
import io.leadflow.nurturing.domain.SequenceDefinition.EntryCriteria;
import io.leadflow.nurturing.domain.SequenceDefinition.Step;
import io.leadflow.nurturing.domain.SequenceDefinition.Window;
import io.leadflow.nurturing.testing.Leads;

/** The enrollment decisions of a batch of scored leads, without a database or a broker. */
class EnrollmentPlannerTest {

    /** Monday 7 December 2026, 10:00 in Paris: the first step's window is open. */
    static final Instant MONDAY_MORNING = Instant.parse("2026-12-07T09:00:00Z");

    static final SequenceDefinition DEFAULT = new SequenceDefinition("default", "Default", 100, null, List.of(
            new Step(Channel.EMAIL, 0, new Window(LocalTime.of(9, 0), LocalTime.of(17, 0)), "welcome"),
            new Step(Channel.CALL_TASK, 2, null, "check-in-call")));
    static final SequenceDefinition COLD_ONLY = new SequenceDefinition("cold-only", "Cold", 10,
            new EntryCriteria(List.of("cold"), null, null, null, null),
            List.of(new Step(Channel.EMAIL, 0, null, "welcome")));

    final EnrollmentPlanner planner = new EnrollmentPlanner(Duration.ofDays(30), SendWindow.MONDAY_TO_FRIDAY,
            UUID::randomUUID);

    static Scored live(LeadScored scored) {
        return new Scored(UUID.randomUUID().toString(), Lane.LIVE, scored);
    }

    EnrollmentPlan plan(List<Scored> batch, Map<UUID, Known> known, SequenceDefinition... sequences) {
        return planner.plan(batch, known, List.of(sequences), MONDAY_MORNING);
    }

    @Test
    void aNewLeadThatIsNotHotIsKeptAndEnrolledWithItsTouchesInItsOwnTimeZone() {
        LeadScored warm = Leads.french(Temperature.WARM, true);
        Scored record = new Scored("e-1", Lane.BULK, warm);

        EnrollmentPlan plan = plan(List.of(record), Map.of(), DEFAULT, COLD_ONLY);

        assertThat(plan.snapshots()).singleElement().satisfies(s -> {
            assertThat(s.leadId()).isEqualTo(warm.leadId());
            assertThat(s.email()).isEqualTo(warm.lead().contact().email());
            assertThat(s.temperature()).isEqualTo("warm");
            assertThat(s.industry()).isEqualTo("manufacturing");
            assertThat(s.marketingConsent()).isTrue();
            assertThat(s.scoredAt()).isEqualTo(warm.scoredAt());
        });
        NewEnrollment enrollment = plan.enrollments().get(0);
        assertThat(plan.enrollments()).hasSize(1);
        assertThat(enrollment.sequenceId()).as("cold-only does not fit a warm lead").isEqualTo("default");
        assertThat(enrollment.status()).isEqualTo("ACTIVE");
        assertThat(enrollment.timeZone()).isEqualTo("Europe/Paris");
        assertThat(enrollment.language()).isEqualTo("fr");
        assertThat(enrollment.touches()).extracting(PlannedTouch::step, PlannedTouch::channel, PlannedTouch::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Channel.EMAIL, "SCHEDULED"),
                        org.assertj.core.groups.Tuple.tuple(2, Channel.CALL_TASK, "SCHEDULED"));
        assertThat(enrollment.touches().get(0).dueAt()).as("10:00 in Paris, inside the window: now")
                .isEqualTo(MONDAY_MORNING);
        assertThat(enrollment.touches().get(1).dueAt()).as("two business days later at 09:00 in Paris")
                .isEqualTo(Instant.parse("2026-12-09T08:00:00Z"));
        assertThat(plan.publications()).singleElement().satisfies(p -> {
            assertThat(p.causeEventId()).isEqualTo("e-1");
            assertThat(p.effect()).isEqualTo("enrolled");
            assertThat(p.lane()).as("an imported lead's enrollment stays in the bulk lane").isEqualTo(Lane.BULK);
            assertThat(p.event().status()).isEqualTo(NurtureStatus.ENROLLED);
            assertThat(p.event().enrollmentId()).isEqualTo(enrollment.id());
            assertThat(p.event().receivedAt()).isEqualTo(warm.lead().receivedAt());
        });
        assertThat(plan.counts()).containsExactly(new Count(0, Count.Kind.ENROLLED, "default"));
    }

    @Test
    void aLeadEnrolledAndTurnedHotInOneBatchIsStoredAlreadyHandedToSales() {
        LeadScored warm = Leads.american(Temperature.WARM);
        LeadScored hot = Leads.rescored(warm, Temperature.HOT);

        EnrollmentPlan plan = plan(List.of(live(warm), live(hot)), Map.of(), DEFAULT);

        NewEnrollment enrollment = plan.enrollments().get(0);
        assertThat(plan.enrollments()).hasSize(1);
        assertThat(enrollment.status()).isEqualTo("EXITED");
        assertThat(enrollment.exitReason()).isEqualTo("handed_to_sales");
        assertThat(enrollment.touches()).extracting(PlannedTouch::status).containsOnly("CANCELLED");
        assertThat(plan.exitedEnrollments()).as("nothing stored before to end").isEmpty();
        assertThat(plan.publications()).extracting(Publication::delivery, Publication::effect)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "enrolled"),
                        org.assertj.core.groups.Tuple.tuple(1, "exited"));
        assertThat(plan.publications().get(1).event().enrollmentId()).isEqualTo(enrollment.id());
        assertThat(plan.snapshots()).singleElement().satisfies(s -> assertThat(s.temperature()).isEqualTo("hot"));
    }

    @Test
    void aHotLeadLeavesTheSequenceItFollowsAndAHotNewLeadEntersNone() {
        LeadScored following = Leads.american(Temperature.HOT);
        LeadScored fresh = Leads.american(Temperature.HOT);
        UUID active = UUID.randomUUID();

        EnrollmentPlan plan = plan(List.of(live(following), live(fresh)), Map.of(following.leadId(),
                new Known(false, true, following.scoredAt().minusSeconds(60),
                        new LatestEnrollment(active, "default", "ACTIVE", null), null)), DEFAULT);

        assertThat(plan.enrollments()).isEmpty();
        assertThat(plan.exitedEnrollments()).containsExactly(active);
        assertThat(plan.publications()).singleElement().satisfies(p -> {
            assertThat(p.event().status()).isEqualTo(NurtureStatus.EXITED);
            assertThat(p.event().leadId()).isEqualTo(following.leadId());
            assertThat(p.event().reason()).isEqualTo("handed_to_sales");
        });
        assertThat(plan.snapshots()).hasSize(2);
    }

    @Test
    void anOlderScoreAndAnErasedLeadsScoreChangeNothing() {
        LeadScored older = Leads.american(Temperature.WARM);
        LeadScored erased = Leads.american(Temperature.WARM);
        LeadScored unknown = Leads.american(Temperature.UNKNOWN);

        EnrollmentPlan plan = plan(List.of(live(older), live(erased), live(unknown)), Map.of(
                older.leadId(), new Known(false, true, older.scoredAt().plusSeconds(5), null, null),
                erased.leadId(), new Known(true, false, null, null, null)), DEFAULT);

        assertThat(plan.storesNothing()).isTrue();
        assertThat(plan.publications()).isEmpty();
    }

    @Test
    void aLeadThatCompletedASequenceRestsForTheCoolDownThenEntersAgain() {
        LeadScored resting = Leads.american(Temperature.COLD);
        LeadScored rested = Leads.american(Temperature.COLD);

        EnrollmentPlan plan = plan(List.of(live(resting), live(rested)), Map.of(
                resting.leadId(), new Known(false, true, null, new LatestEnrollment(UUID.randomUUID(), "default",
                        "COMPLETED", MONDAY_MORNING.minus(Duration.ofDays(29))), null),
                rested.leadId(), new Known(false, true, null, new LatestEnrollment(UUID.randomUUID(), "default",
                        "COMPLETED", MONDAY_MORNING.minus(Duration.ofDays(30))), null)), DEFAULT);

        assertThat(plan.enrollments()).extracting(NewEnrollment::leadId).containsExactly(rested.leadId());
        assertThat(plan.snapshots()).hasSize(2);
    }

    @Test
    void aLeadThatLeftASequenceIsNotEnrolledAgainByItsScore() {
        LeadScored exited = Leads.american(Temperature.WARM);

        EnrollmentPlan plan = plan(List.of(live(exited)), Map.of(exited.leadId(), new Known(false, true, null,
                new LatestEnrollment(UUID.randomUUID(), "default", "EXITED", null), null)), DEFAULT);

        assertThat(plan.enrollments()).isEmpty();
        assertThat(plan.snapshots()).hasSize(1);
    }

    @Test
    void aReleaseThatCameBeforeTheScoreIsAppliedAfterItInTheLiveLane() {
        LeadScored hot = Leads.american(Temperature.HOT);

        EnrollmentPlan plan = plan(List.of(new Scored("score-1", Lane.BULK, hot)),
                Map.of(hot.leadId(), new Known(false, false, null, null, "release-1")), DEFAULT);

        assertThat(plan.releasesTaken()).containsExactly(hot.leadId());
        assertThat(plan.enrollments()).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo("ACTIVE"));
        assertThat(plan.publications()).singleElement().satisfies(p -> {
            assertThat(p.causeEventId()).as("caused by the release").isEqualTo("release-1");
            assertThat(p.lane()).isEqualTo(Lane.LIVE);
        });
    }

    @Test
    void aLeadNoSequenceFitsIsCountedAndOneWithoutAKnownTimeZoneIsPlannedInUtc() {
        LeadScored warm = Leads.american(Temperature.WARM);
        LeadScored cold = Leads.scored(Temperature.COLD, new Contact(Leads.uniqueEmail("kim"), "Kim", null, null,
                null), new Company(null, null), "SE", null, "Mars/Olympus", false, null);

        EnrollmentPlan plan = plan(List.of(live(warm), live(cold)), Map.of(), COLD_ONLY);

        assertThat(plan.counts()).containsExactly(new Count(0, Count.Kind.NO_SEQUENCE, "no_sequence"),
                new Count(1, Count.Kind.PLANNED_IN_UTC, null), new Count(1, Count.Kind.ENROLLED, "cold-only"));
        assertThat(plan.enrollments()).singleElement().satisfies(e -> {
            assertThat(e.leadId()).isEqualTo(cold.leadId());
            assertThat(e.timeZone()).isEqualTo("UTC");
            assertThat(e.language()).as("no language: English").isEqualTo("en");
        });
    }
}
