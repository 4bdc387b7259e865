package io.leadflow.nurturing.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.nurturing.domain.EnrollmentPlan;
import io.leadflow.nurturing.domain.EnrollmentPlan.LeadSnapshot;
import io.leadflow.nurturing.domain.EnrollmentPlan.NewEnrollment;
import io.leadflow.nurturing.domain.EnrollmentPlan.PlannedTouch;
import io.leadflow.nurturing.domain.EnrollmentPlanner.Known;
import io.leadflow.nurturing.domain.EnrollmentPlanner.LatestEnrollment;
import io.leadflow.support.persistence.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A batch of scored leads read and written with a few statements whatever its size, inside the caller's transaction:
 * one query for what nurturing knows of the batch's leads, then one statement per table written.
 */
@ApplicationScoped
public class ScoredLeadRows {

    /** Per lead: erased, its snapshot's score time, its active or latest enrollment, a release kept for it. */
    private static final String KNOWN = "select ids.lead, "
            + "exists (select 1 from suppression s where s.lead_id = ids.lead and s.reason = 'erased'), "
            + "nl.lead_id is not null, nl.scored_at, e.id, e.sequence_id, e.status, e.completed_at, pr.cause_event_id "
            + "from unnest(cast(:leads as uuid[])) as ids(lead) "
            + "left join nurture_lead nl on nl.lead_id = ids.lead "
            + "left join lateral (select id, sequence_id, status, completed_at from enrollment "
            + "where lead_id = ids.lead order by case when status = 'ACTIVE' then 0 else 1 end, enrolled_at desc, "
            + "coalesce(completed_at, exited_at) desc limit 1) e on true "
            + "left join pending_release pr on pr.lead_id = ids.lead";

    /** The snapshots, each lead's once (what it last downloaded is an engagement's, and stays). */
    private static final String KEEP_SNAPSHOTS = "insert into nurture_lead (lead_id, email, first_name, last_name, "
            + "company, industry, country, language, time_zone, source, temperature, grade, stage, marketing_consent, "
            + "received_at, scored_at, updated_at) "
            + "select lead, email, first_name, last_name, company, industry, country, language, time_zone, source, "
            + "temperature, grade, stage, marketing_consent, received_at, scored_at, cast(:now as timestamptz) "
            + "from unnest(cast(:leads as uuid[]), cast(:emails as varchar[]), cast(:firstNames as varchar[]), "
            + "cast(:lastNames as varchar[]), cast(:companies as varchar[]), cast(:industries as varchar[]), "
            + "cast(:countries as varchar[]), cast(:languages as varchar[]), cast(:timeZones as varchar[]), "
            + "cast(:sources as varchar[]), cast(:temperatures as varchar[]), cast(:grades as varchar[]), "
            + "cast(:stages as varchar[]), cast(:consents as boolean[]), "
            + "cast(cast(:receivedAt as varchar[]) as timestamptz[]), cast(cast(:scoredAt as varchar[]) as timestamptz[])) "
            + "as s(lead, email, first_name, last_name, company, industry, country, language, time_zone, source, "
            + "temperature, grade, stage, marketing_consent, received_at, scored_at) "
            + "on conflict (lead_id) do update set email = excluded.email, first_name = excluded.first_name, "
            + "last_name = excluded.last_name, company = excluded.company, industry = excluded.industry, "
            + "country = excluded.country, language = excluded.language, time_zone = excluded.time_zone, "
            + "source = excluded.source, temperature = excluded.temperature, grade = excluded.grade, "
            + "stage = excluded.stage, marketing_consent = excluded.marketing_consent, "
            + "received_at = excluded.received_at, scored_at = excluded.scored_at, updated_at = excluded.updated_at";

    private static final String END_ENROLLMENTS = "update enrollment set status = 'EXITED', exit_reason = :reason, "
            + "exited_at = :now where id = any(cast(:ids as uuid[])) and status = 'ACTIVE'";

    private static final String CANCEL_TOUCHES = "update scheduled_touch set status = 'CANCELLED' "
            + "where enrollment_id = any(cast(:ids as uuid[])) and status = 'SCHEDULED'";

    private static final String START_ENROLLMENTS = "insert into enrollment (id, lead_id, sequence_id, status, email, "
            + "language, time_zone, enrolled_at, exit_reason, exited_at) "
            + "select * from unnest(cast(:ids as uuid[]), cast(:leads as uuid[]), cast(:sequences as varchar[]), "
            + "cast(:statuses as varchar[]), cast(:emails as varchar[]), cast(:languages as varchar[]), "
            + "cast(:timeZones as varchar[]), cast(cast(:enrolledAt as varchar[]) as timestamptz[]), "
            + "cast(:exitReasons as varchar[]), cast(cast(:exitedAt as varchar[]) as timestamptz[]))";

    private static final String PLAN_TOUCHES = "insert into scheduled_touch (id, enrollment_id, step, channel, "
            + "template, due_at, status) "
            + "select * from unnest(cast(:ids as uuid[]), cast(:enrollments as uuid[]), cast(:steps as integer[]), "
            + "cast(:channels as varchar[]), cast(:templates as varchar[]), "
            + "cast(cast(:dueAt as varchar[]) as timestamptz[]), cast(:statuses as varchar[]))";

    private static final String TAKE_RELEASES = "delete from pending_release where lead_id = any(cast(:leads as uuid[]))";

    /** What nurturing knows of these leads, by lead id (every one of them, known or not). */
    public Uni<Map<UUID, Known>> known(Collection<UUID> leadIds) {
        return Panache.getSession().chain(session -> session.createNativeQuery(KNOWN, Object[].class)
                .setParameter("leads", leadIds.toArray(UUID[]::new))
                .getResultList())
                .map(rows -> {
                    Map<UUID, Known> known = new HashMap<>();
                    for (Object[] row : rows) {
                        LatestEnrollment latest = row[4] == null ? null : new LatestEnrollment((UUID) row[4],
                                (String) row[5], (String) row[6], SqlValues.instant(row[7]));
                        known.put((UUID) row[0], new Known((Boolean) row[1], (Boolean) row[2],
                                SqlValues.instant(row[3]), latest, (String) row[8]));
                    }
                    return known;
                });
    }

    /** Stores what the plan changed: snapshots, ended enrollments, new ones with their touches, releases used. */
    public Uni<Void> store(EnrollmentPlan plan, Instant now) {
        return keepSnapshots(plan.snapshots(), now)
                .chain(() -> endEnrollments(plan.exitedEnrollments(), plan.exitReason(), plan.exitedAt()))
                .chain(() -> startEnrollments(plan.enrollments()))
                .chain(() -> takeReleases(plan.releasesTaken()));
    }

    private static Uni<Void> keepSnapshots(List<LeadSnapshot> snapshots, Instant now) {
        if (snapshots.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(KEEP_SNAPSHOTS)
                .setParameter("leads", snapshots.stream().map(LeadSnapshot::leadId).toArray(UUID[]::new))
                .setParameter("emails", SqlValues.texts(snapshots, LeadSnapshot::email))
                .setParameter("firstNames", SqlValues.texts(snapshots, LeadSnapshot::firstName))
                .setParameter("lastNames", SqlValues.texts(snapshots, LeadSnapshot::lastName))
                .setParameter("companies", SqlValues.texts(snapshots, LeadSnapshot::company))
                .setParameter("industries", SqlValues.texts(snapshots, LeadSnapshot::industry))
                .setParameter("countries", SqlValues.texts(snapshots, LeadSnapshot::country))
                .setParameter("languages", SqlValues.texts(snapshots, LeadSnapshot::language))
                .setParameter("timeZones", SqlValues.texts(snapshots, LeadSnapshot::timeZone))
                .setParameter("sources", SqlValues.texts(snapshots, LeadSnapshot::source))
                .setParameter("temperatures", SqlValues.texts(snapshots, LeadSnapshot::temperature))
                .setParameter("grades", SqlValues.texts(snapshots, LeadSnapshot::grade))
                .setParameter("stages", SqlValues.texts(snapshots, LeadSnapshot::stage))
                .setParameter("consents", snapshots.stream().map(LeadSnapshot::marketingConsent)
                        .toArray(Boolean[]::new))
                .setParameter("receivedAt", SqlValues.times(snapshots, LeadSnapshot::receivedAt))
                .setParameter("scoredAt", SqlValues.times(snapshots, LeadSnapshot::scoredAt))
                .setParameter("now", SqlValues.at(now))
                .executeUpdate())
                .replaceWithVoid();
    }

    private static Uni<Void> endEnrollments(List<UUID> ids, String reason, Instant now) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] enrollments = ids.toArray(UUID[]::new);
        return Panache.getSession().chain(session -> session.createNativeQuery(END_ENROLLMENTS)
                .setParameter("reason", reason).setParameter("now", SqlValues.at(now))
                .setParameter("ids", enrollments)
                .executeUpdate()
                .chain(() -> session.createNativeQuery(CANCEL_TOUCHES).setParameter("ids", enrollments)
                        .executeUpdate()))
                .replaceWithVoid();
    }

    private static Uni<Void> startEnrollments(List<NewEnrollment> enrollments) {
        if (enrollments.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<TouchRow> touches = enrollments.stream()
                .flatMap(e -> e.touches().stream().map(t -> new TouchRow(e.id(), t))).toList();
        return Panache.getSession().chain(session -> session.createNativeQuery(START_ENROLLMENTS)
                .setParameter("ids", enrollments.stream().map(NewEnrollment::id).toArray(UUID[]::new))
                .setParameter("leads", enrollments.stream().map(NewEnrollment::leadId).toArray(UUID[]::new))
                .setParameter("sequences", SqlValues.texts(enrollments, NewEnrollment::sequenceId))
                .setParameter("statuses", SqlValues.texts(enrollments, NewEnrollment::status))
                .setParameter("emails", SqlValues.texts(enrollments, NewEnrollment::email))
                .setParameter("languages", SqlValues.texts(enrollments, NewEnrollment::language))
                .setParameter("timeZones", SqlValues.texts(enrollments, NewEnrollment::timeZone))
                .setParameter("enrolledAt", SqlValues.times(enrollments, NewEnrollment::enrolledAt))
                .setParameter("exitReasons", SqlValues.texts(enrollments, NewEnrollment::exitReason))
                .setParameter("exitedAt", SqlValues.times(enrollments, NewEnrollment::exitedAt))
                .executeUpdate()
                .chain(() -> touches.isEmpty() ? Uni.createFrom().item(0)
                        : session.createNativeQuery(PLAN_TOUCHES)
                                .setParameter("ids", touches.stream().map(t -> t.touch().id()).toArray(UUID[]::new))
                                .setParameter("enrollments", touches.stream().map(TouchRow::enrollment)
                                        .toArray(UUID[]::new))
                                .setParameter("steps", touches.stream().map(t -> t.touch().step())
                                        .toArray(Integer[]::new))
                                .setParameter("channels", SqlValues.texts(touches, t -> t.touch().channel().name()))
                                .setParameter("templates", SqlValues.texts(touches, t -> t.touch().template()))
                                .setParameter("dueAt", SqlValues.times(touches, t -> t.touch().dueAt()))
                                .setParameter("statuses", SqlValues.texts(touches, t -> t.touch().status()))
                                .executeUpdate()))
                .replaceWithVoid();
    }

    private record TouchRow(UUID enrollment, PlannedTouch touch) {
    }

    private static Uni<Void> takeReleases(List<UUID> leadIds) {
        if (leadIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(TAKE_RELEASES)
                .setParameter("leads", leadIds.toArray(UUID[]::new))
                .executeUpdate())
                .replaceWithVoid();
    }
}
