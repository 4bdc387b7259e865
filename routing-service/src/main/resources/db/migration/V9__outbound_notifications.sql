-- Outbound notifications. Webhooks receive assignment lifecycle events (a CRM, a chat channel); a rep without an open
-- console also hears of a new assignment by email and, when they set one, their own webhook. Every call to make is a
-- row of outbound_delivery, created in the transaction that publishes the event, claimed FOR UPDATE SKIP LOCKED by
-- one instance at a time and retried with back-off, so a restart or a second instance neither loses nor doubles one.
create table webhook (
    id          uuid primary key,
    name        varchar(100)  not null,
    url         varchar(2000) not null,
    secret      varchar(200)  not null,
    format      varchar(16)   not null,              -- event | slack
    statuses    text          not null default '[]', -- JSON list of lifecycle statuses; empty: all
    active      boolean       not null default true,
    created_at  timestamptz   not null
);

alter table rep add column notify_webhook_url varchar(2000);
-- When an instance last saw a console of the rep open (refreshed every few seconds while it is), so every instance
-- knows a rep is online even when the console is connected to another one.
alter table rep add column console_seen_at timestamptz;

create table outbound_delivery (
    id             bigserial primary key,
    kind           varchar(16)  not null,             -- webhook | rep_email | rep_webhook
    webhook_id     uuid references webhook (id) on delete cascade,
    rep_id         uuid,
    event_id       uuid         not null,
    lead_id        uuid         not null,
    assignment_id  uuid,
    payload        text         not null,             -- the event as published (no contact details)
    state          varchar(16)  not null default 'pending', -- pending | delivered | skipped | failed
    attempts       int          not null default 0,
    due_at         timestamptz  not null,
    last_error     varchar(500),
    created_at     timestamptz  not null,
    done_at        timestamptz
);
create unique index outbound_delivery_once on outbound_delivery (kind, coalesce(webhook_id, rep_id), event_id);
create index outbound_delivery_due on outbound_delivery (due_at) where state = 'pending';
create index outbound_delivery_lead on outbound_delivery (lead_id);
