-- The transactional outbox: each event is committed here with the change that caused it, then relayed to Kafka in
-- id order (so in order per lead) and deleted once the broker acknowledged it.
create table outbox_event (
    id          bigint generated always as identity primary key,
    event_id    uuid         not null unique,
    lead_id     uuid         not null,
    ce_type     varchar(100) not null,
    payload     text         not null,
    occurred_at timestamptz  not null,
    created_at  timestamptz  not null default now()
);

-- Consent exactly as each submission gave it (or refused it): granted or not, text version, time, IP and channel.
create table consent_record (
    id           bigint generated always as identity primary key,
    lead_id      uuid         not null,
    marketing    boolean      not null,
    text_version varchar(64),
    channel      varchar(32)  not null,
    source       varchar(64)  not null,
    ip           varchar(64),
    recorded_at  timestamptz  not null
);
create index consent_record_lead on consent_record (lead_id, recorded_at);
