package io.leadflow.nurturing.domain;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.jboss.logging.Logger;

import io.leadflow.events.Lane;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;
import io.leadflow.nurturing.domain.EnrollmentPlan.Count;
import io.leadflow.nurturing.domain.EnrollmentPlan.LeadSnapshot;
import io.leadflow.nurturing.domain.EnrollmentPlan.NewEnrollment;
import io.leadflow.nurturing.domain.EnrollmentPlan.PlannedTouch;
import io.leadflow.nurturing.domain.EnrollmentPlan.Publication;
import io.leadflow.nurturing.domain.SequenceDefinition.Step;

/**
 * Decides, in memory, what a batch of scored leads does to nurturing: every lead's latest snapshot is kept; a lead
 * that is not hot enters the sequence that fits it best ({@link SequenceChooser}), its touches planned in its own time
 * zone, unless it already follows one (never two at once) or finished one within the cool-down; a hot lead leaves its
 * sequence for the reps ({@code handed_to_sales}); a release routing sent before the lead's first score is applied
 * right after it, as if it had come second. A score older than the one kept (an imported score arriving after the
 * live one) and the scores of erased leads change nothing. The records apply in order, so two scores of one lead in a
 * batch act as they would one after the other.
 * <p>
 * Plain Java: the caller loads the batch's state, calls {@link #plan}, and stores and publishes the result.
 */
public final class EnrollmentPlanner {

    public static final String ACTIVE = "ACTIVE";
    public static final String EXITED = "EXITED";
    public static final String COMPLETED = "COMPLETED";
    public static final String SCHEDULED = "SCHEDULED";
    public static final String CANCELLED = "CANCELLED";
    public static final String HANDED_TO_SALES = "handed_to_sales";
    public static final String NO_SEQUENCE = "no_sequence";

    private static final Logger LOG = Logger.getLogger(EnrollmentPlanner.class);
    private static final ZoneId UTC = ZoneId.of("UTC");

    /** One scored record of the batch, in the order it must apply. */
    public record Scored(String eventId, Lane lane, LeadScored event) {
    }

    /** What nurturing kept of a lead before the batch. */
    public record Known(boolean erased, boolean snapshotKept, Instant scoredAt, LatestEnrollment latest,
            String pendingReleaseCause) {

        public static final Known NOTHING = new Known(false, false, null, null, null);
    }

    /** The lead's active enrollment, or its latest one. */
    public record LatestEnrollment(UUID id, String sequenceId, String status, Instant completedAt) {
    }

    private final Duration coolDown;
    private final Set<DayOfWeek> businessDays;
    private final Supplier<UUID> ids;

    public EnrollmentPlanner(Duration coolDown, Set<DayOfWeek> businessDays, Supplier<UUID> ids) {
        this.coolDown = coolDown;
        this.businessDays = businessDays;
        this.ids = ids;
    }

    /** A lead's state as the batch's records change it. */
    private static final class Lead {
        final boolean erased;
        boolean snapshotKept;
        Instant scoredAt;
        UUID enrollmentId;
        String sequenceId;
        String status;
        Instant completedAt;
        NewEnrollment started;
        String pendingReleaseCause;

        Lead(Known known) {
            erased = known.erased();
            snapshotKept = known.snapshotKept();
            scoredAt = known.scoredAt();
            pendingReleaseCause = known.pendingReleaseCause();
            if (known.latest() != null) {
                enrollmentId = known.latest().id();
                sequenceId = known.latest().sequenceId();
                status = known.latest().status();
                completedAt = known.latest().completedAt();
            }
        }

        boolean active() {
            return ACTIVE.equals(status);
        }
    }

    /** What the batch builds up. */
    private static final class Building {
        final Map<UUID, LeadSnapshot> snapshots = new LinkedHashMap<>();
        final Map<UUID, NewEnrollment> enrollments = new LinkedHashMap<>();
        final List<UUID> exited = new ArrayList<>();
        final List<UUID> releasesTaken = new ArrayList<>();
        final List<Publication> publications = new ArrayList<>();
        final List<Count> counts = new ArrayList<>();
    }

    /**
     * The plan for the batch's records, given what was known of their leads (a lead missing from {@code known} is
     * new here) and the sequences a lead can enter.
     */
    public EnrollmentPlan plan(List<Scored> batch, Map<UUID, Known> known, List<SequenceDefinition> sequences,
            Instant now) {
        Map<UUID, Lead> leads = new HashMap<>();
        Building plan = new Building();
        for (int i = 0; i < batch.size(); i++) {
            Scored record = batch.get(i);
            LeadScored scored = record.event();
            if (scored.temperature() == Temperature.UNKNOWN) {
                // A newer scoring's temperature decides nothing here (no hand-off, no enrollment): skipped, not parked.
                continue;
            }
            Lead lead = leads.computeIfAbsent(scored.leadId(), id -> new Lead(known.getOrDefault(id, Known.NOTHING)));
            if (lead.erased) {
                LOG.infof("Lead %s was erased: its late score is not kept", scored.leadId());
                continue;
            }
            if (lead.snapshotKept && lead.scoredAt != null && scored.scoredAt() != null
                    && scored.scoredAt().isBefore(lead.scoredAt)) {
                LOG.infof("Lead %s: a score older than the one kept arrived late (%s lane), ignored",
                        scored.leadId(), record.lane().wire());
                continue;
            }
            LeadSnapshot snapshot = snapshot(scored);
            plan.snapshots.put(scored.leadId(), snapshot);
            lead.snapshotKept = true;
            lead.scoredAt = scored.scoredAt();
            if (scored.temperature() == Temperature.HOT) {
                exit(lead, snapshot, record.eventId(), i, now, plan);
            } else if (mayEnterByScore(lead, now)) {
                enroll(lead, snapshot, record.eventId(), record.lane(), i, sequences, now, plan);
            }
            if (lead.pendingReleaseCause != null) {
                LOG.infof("Lead %s: applying routing's release that came before its score", scored.leadId());
                plan.releasesTaken.add(scored.leadId());
                String cause = lead.pendingReleaseCause;
                lead.pendingReleaseCause = null;
                if (!lead.active()) {
                    enroll(lead, snapshot, cause, Lane.LIVE, i, sequences, now, plan);
                }
            }
        }
        return new EnrollmentPlan(List.copyOf(plan.snapshots.values()), List.copyOf(plan.enrollments.values()),
                List.copyOf(plan.exited), HANDED_TO_SALES, now, List.copyOf(plan.releasesTaken),
                List.copyOf(plan.publications), List.copyOf(plan.counts));
    }

    private boolean mayEnterByScore(Lead lead, Instant now) {
        if (lead.status == null) {
            return true;
        }
        return COMPLETED.equals(lead.status) && lead.completedAt != null
                && !lead.completedAt.plus(coolDown).isAfter(now);
    }

    private static void exit(Lead lead, LeadSnapshot snapshot, String causeEventId, int delivery, Instant now,
            Building plan) {
        if (!lead.active()) {
            return;
        }
        if (lead.started != null && lead.started.id().equals(lead.enrollmentId)) {
            // Started earlier in this batch: it is stored already ended, its touches cancelled.
            NewEnrollment started = lead.started;
            plan.enrollments.put(started.id(), new NewEnrollment(started.id(), started.leadId(), started.sequenceId(),
                    EXITED, started.email(), started.language(), started.timeZone(), started.enrolledAt(),
                    HANDED_TO_SALES, now, started.touches().stream().map(t -> new PlannedTouch(t.id(), t.step(),
                            t.channel(), t.template(), t.dueAt(), CANCELLED)).toList()));
        } else {
            plan.exited.add(lead.enrollmentId);
        }
        lead.status = EXITED;
        plan.publications.add(new Publication(delivery, causeEventId, "exited", new LeadNurture(snapshot.leadId(),
                lead.enrollmentId, lead.sequenceId, NurtureStatus.EXITED, null, null, null, HANDED_TO_SALES,
                snapshot.receivedAt(), now), Lane.LIVE));
        plan.counts.add(new Count(delivery, Count.Kind.EXITED, HANDED_TO_SALES));
    }

    private void enroll(Lead lead, LeadSnapshot snapshot, String causeEventId, Lane lane, int delivery,
            List<SequenceDefinition> sequences, Instant now, Building plan) {
        SequenceChooser.LeadFacts facts = new SequenceChooser.LeadFacts(snapshot.temperature(), snapshot.grade(),
                snapshot.stage(), snapshot.language(), snapshot.source());
        Optional<SequenceDefinition> chosen = SequenceChooser.choose(sequences, facts);
        if (chosen.isEmpty()) {
            LOG.warnf("No sequence with steps fits lead %s (%s): not enrolled", snapshot.leadId(), facts);
            plan.counts.add(new Count(delivery, Count.Kind.NO_SEQUENCE, NO_SEQUENCE));
            return;
        }
        SequenceDefinition sequence = chosen.get();
        ZoneId zone = zoneOf(snapshot.timeZone());
        if (zone == null) {
            plan.counts.add(new Count(delivery, Count.Kind.PLANNED_IN_UTC, null));
            zone = UTC;
        }
        UUID id = ids.get();
        NewEnrollment started = new NewEnrollment(id, snapshot.leadId(), sequence.id(), ACTIVE, snapshot.email(),
                snapshot.language() == null ? "en" : snapshot.language(), zone.getId(), now, null, null,
                touches(sequence.steps(), now, zone, businessDays, ids));
        plan.enrollments.put(id, started);
        lead.started = started;
        lead.enrollmentId = id;
        lead.sequenceId = sequence.id();
        lead.status = ACTIVE;
        lead.completedAt = null;
        plan.publications.add(new Publication(delivery, causeEventId, "enrolled", new LeadNurture(snapshot.leadId(),
                id, sequence.id(), NurtureStatus.ENROLLED, null, null, null, null, snapshot.receivedAt(), now), lane));
        plan.counts.add(new Count(delivery, Count.Kind.ENROLLED, sequence.id()));
    }

    /** A sequence's steps as touches due in the lead's time zone, each step in its send window. */
    public static List<PlannedTouch> touches(List<Step> steps, Instant enrolledAt, ZoneId zone,
            Set<DayOfWeek> businessDays, Supplier<UUID> ids) {
        return IntStream.range(0, steps.size()).mapToObj(i -> {
            Step step = steps.get(i);
            SendWindow window = (step.window() == null || step.window().start() == null ? SendWindow.WORKING_DAY
                    : new SendWindow(step.window().start(), step.window().end())).on(businessDays);
            int delay = step.delayDays() == null ? 0 : step.delayDays();
            return new PlannedTouch(ids.get(), i + 1, step.channel(), step.template(),
                    TouchPlanner.dueAt(enrolledAt, zone, delay, window), SCHEDULED);
        }).toList();
    }

    /** The lead's time zone, or null when it has none this JVM knows (it is then planned in UTC, and counted). */
    public static ZoneId zoneOf(String timeZone) {
        if (timeZone != null) {
            try {
                return ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                LOG.warnf("Unknown time zone %s: planned in UTC", timeZone);
            }
        }
        return null;
    }

    /** The snapshot a score carries. */
    public static LeadSnapshot snapshot(LeadScored scored) {
        LeadProfile profile = scored.lead();
        boolean contact = profile.contact() != null;
        // A stage this version does not know (a newer scoring's) is kept as no stage, which sequences never ask for.
        String stage = scored.stage() == null || scored.stage() == Stage.UNKNOWN ? null : scored.stage().wire();
        return new LeadSnapshot(scored.leadId(), contact ? profile.contact().email() : null,
                contact ? profile.contact().firstName() : null, contact ? profile.contact().lastName() : null,
                profile.company() == null ? null : profile.company().name(),
                scored.enrichment() == null ? null : scored.enrichment().industry(), profile.country(),
                profile.language(), profile.timeZone(), profile.source(),
                scored.temperature() == null ? null : scored.temperature().wire(), scored.grade(), stage,
                profile.consent() != null && profile.consent().marketing(), profile.receivedAt(), scored.scoredAt());
    }
}
