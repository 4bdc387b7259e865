-- Each lead an import created, and how far it has gone downstream: scored (with its temperature), routed to a rep,
-- enrolled in a sequence. Intake learns it from the pipeline's own events (leads.scored.bulk, leads.assigned,
-- leads.nurture), so GET /api/v1/imports/{id} shows an import's progress past intake.
create table import_lead (
    import_id   uuid        not null references import_job (id) on delete cascade,
    lead_id     uuid        not null,
    scored_at   timestamptz,
    temperature varchar(16),
    routed_at   timestamptz,
    enrolled_at timestamptz,
    primary key (import_id, lead_id)
);
create index import_lead_lead on import_lead (lead_id);

-- A cancelled import: when, and how many of its leads were withdrawn before they left intake.
alter table import_job add column cancelled_at timestamptz;
alter table import_job add column withdrawn integer not null default 0;

-- completed_with_errors (21 characters) did not fit: an import whose CSV syntax broke could not record its end.
alter table import_job alter column status type varchar(32);
