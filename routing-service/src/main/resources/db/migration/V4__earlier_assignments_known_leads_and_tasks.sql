-- Assignments made before routing kept its view of leads: give each active one a routed lead, so its time-out moves
-- it on like any other (no SLA deadline: those leads are older than anything the sweeper could still save).
update assignment a set team_id = r.team from rep r where a.rep_id = r.id and a.team_id is null;
insert into routed_lead (lead_id, state, team_id, facts, lead_summary, score, grade, temperature, reasons,
                         received_at, updated_at)
select a.lead_id, a.status, a.team_id, '{"score": ' || a.score || '}', a.lead_summary, a.score, a.grade,
       a.temperature, a.reasons, a.received_at, now()
from assignment a
where a.status in ('ASSIGNED', 'ACCEPTED')
  and not exists (select 1 from routed_lead l where l.lead_id = a.lead_id);

-- What routing knows of every scored lead, hot or not, so a call task from nurturing shows who to call.
create table known_lead (
    lead_id      uuid primary key,
    lead_summary text         not null,
    domain       varchar(253),
    score        integer      not null,
    grade        varchar(2),
    temperature  varchar(16)  not null,
    updated_at   timestamptz  not null
);

-- Call and LinkedIn tasks from nurturing, given to a rep.
create table rep_task (
    id            uuid primary key,
    lead_id       uuid         not null,
    rep_id        uuid references rep (id),
    enrollment_id uuid,
    sequence_id   varchar(100),
    step          integer,
    channel       varchar(32)  not null,
    note          varchar(500),
    due_at        timestamptz,
    created_at    timestamptz  not null,
    done_at       timestamptz
);
create unique index rep_task_once on rep_task (enrollment_id, step);
create index rep_task_open on rep_task (rep_id, created_at) where done_at is null;
