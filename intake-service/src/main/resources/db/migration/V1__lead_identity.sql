-- One stable lead id per normalized email address.
create table lead_identity (
    email         varchar(254) primary key,
    lead_id       uuid        not null unique,
    first_seen_at timestamptz not null,
    last_seen_at  timestamptz not null
);

-- Events this service consumed, per consumer, so a redelivery changes nothing (shared consumer helper).
create table processed_event (
    consumer     varchar(100) not null,
    event_id     varchar(200) not null,
    processed_at timestamptz  not null,
    primary key (consumer, event_id)
);
