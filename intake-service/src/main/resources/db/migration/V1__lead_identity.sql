-- One stable lead id per normalized email address.
create table lead_identity (
    email         varchar(254) primary key,
    lead_id       uuid        not null unique,
    first_seen_at timestamptz not null,
    last_seen_at  timestamptz not null
);
