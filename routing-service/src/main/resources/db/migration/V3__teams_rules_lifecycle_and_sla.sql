-- Teams: who a rule sends leads to, and who hears about breaches and queued leads (the manager).
create table team (
    id                  varchar(100) primary key,
    name                varchar(200) not null,
    manager_rep_id      uuid,
    ack_timeout_seconds integer,
    created_at          timestamptz  not null default now()
);
-- Reps seeded before this migration keep their team.
insert into team (id, name) select distinct team, team from rep;
alter table rep add constraint rep_team foreign key (team) references team (id);
alter table team add constraint team_manager foreign key (manager_rep_id) references rep (id);

-- What makes a rep eligible. JSON lists keep the admin shapes as they are; reps that existed before this migration
-- keep being eligible around the clock, as they were.
alter table rep
    add column territories   text         not null default '[]',
    add column languages     text         not null default '[]',
    add column capacity      integer      not null default 25,
    add column weight        integer      not null default 1,
    add column time_zone     varchar(64)  not null default 'UTC',
    add column working_hours text         not null default '[{"days":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"],"from":"00:00","to":"24:00"}]',
    add column out_of_office text         not null default '[]';

-- Ordered routing rules: the first whose conditions match the lead decides its team and distribution.
create table routing_rule (
    id           uuid primary key,
    position     integer      not null unique,
    name         varchar(200) not null,
    conditions   text         not null,
    team_id      varchar(100) not null references team (id),
    distribution varchar(32)  not null
);

-- Accounts: a company domain and the rep who owns it.
create table account (
    domain       varchar(253) primary key,
    owner_rep_id uuid         not null references rep (id)
);

-- One lead can now have several assignments over time (declined, timed out, reassigned), but at most one active.
alter table assignment drop constraint assignment_lead_id_key;
create unique index assignment_one_active_per_lead on assignment (lead_id) where status in ('ASSIGNED', 'ACCEPTED');
alter table assignment
    add column team_id        varchar(100),
    add column previous_rep_id uuid,
    add column accepted_at    timestamptz,
    add column outcome        varchar(32),
    add column outcome_reason varchar(500),
    add column closed_at      timestamptz,
    add column closed_reason  varchar(500);
-- The acknowledgement deadlines the sweeper claims.
create index assignment_ack_due on assignment (accept_by) where status = 'ASSIGNED';
create index assignment_lead on assignment (lead_id, assigned_at);

-- Routing's view of each hot lead: where it is (queued, assigned, accepted, released), its SLA deadline and what a
-- later decision (queue, reassignment) needs to know about it.
create table routed_lead (
    lead_id         uuid primary key,
    state           varchar(16)  not null,
    team_id         varchar(100),
    facts           text         not null,
    lead_summary    text         not null,
    score           integer      not null,
    grade           varchar(2),
    temperature     varchar(16)  not null,
    reasons         text         not null,
    received_at     timestamptz  not null,
    queued_at       timestamptz,
    sla_due_at      timestamptz,
    sla_breached_at timestamptz,
    updated_at      timestamptz  not null
);
create index routed_lead_queue on routed_lead (queued_at) where state = 'QUEUED';
create index routed_lead_sla_due on routed_lead (sla_due_at) where sla_due_at is not null;

-- Every decision with its reasons: which rule, which reps were skipped and why.
create table routing_decision (
    id            bigint generated always as identity primary key,
    lead_id       uuid         not null,
    decided_at    timestamptz  not null,
    trigger       varchar(32)  not null,
    result        varchar(32)  not null,
    team_id       varchar(100),
    rule_name     varchar(200),
    rep_id        uuid,
    assignment_id uuid,
    skipped       text         not null
);
create index routing_decision_lead on routing_decision (lead_id, id);

-- The transactional outbox: each event is committed with the change that caused it, relayed to Kafka in id order
-- (so in order per lead) and deleted once the broker acknowledged it.
create table outbox_event (
    id          bigint generated always as identity primary key,
    event_id    uuid         not null unique,
    lead_id     uuid         not null,
    ce_type     varchar(100) not null,
    payload     text         not null,
    occurred_at timestamptz  not null,
    created_at  timestamptz  not null default now()
);
