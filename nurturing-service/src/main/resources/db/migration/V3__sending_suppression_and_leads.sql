-- What nurturing knows of every scored lead, the latest snapshot: what an email is personalised with, where it goes,
-- whether the person consented, and what a lead handed back by routing is enrolled again with.
create table nurture_lead (
    lead_id           uuid primary key,
    email             varchar(254),
    first_name        varchar(100),
    last_name         varchar(100),
    company           varchar(200),
    industry          varchar(100),
    country           varchar(8),
    language          varchar(8),
    time_zone         varchar(64),
    source            varchar(64),
    temperature       varchar(8),
    grade             varchar(8),
    stage             varchar(32),
    marketing_consent boolean      not null default false,
    received_at       timestamptz,
    updated_at        timestamptz  not null
);

-- People nurturing must never email again (unsubscribed, hard bounce, address refused). Checked before every send.
create table suppression (
    lead_id    uuid primary key,
    email      varchar(254),
    reason     varchar(32)  not null,
    created_at timestamptz  not null
);
create index suppression_email on suppression (email);

-- Sending: how often a touch was tried, why the last try failed or was skipped, and when it went out.
alter table scheduled_touch add column attempts integer not null default 0;
alter table scheduled_touch add column last_error varchar(500);
alter table scheduled_touch add column sent_at timestamptz;
-- The recipient's domain of a sent email: the per-domain throttle counts the last minute's sends by it.
alter table scheduled_touch add column recipient_domain varchar(254);
create index scheduled_touch_domain_sent on scheduled_touch (recipient_domain, sent_at);

-- Each step's send window in the lead's local time.
alter table sequence_step add column window_start time not null default '09:00';
alter table sequence_step add column window_end time not null default '17:00';

-- When an enrollment finished its last touch (the cool-down before a new sequence counts from there).
alter table enrollment add column completed_at timestamptz;
