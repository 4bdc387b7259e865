-- A release from routing that arrived before nurturing's own copy of the scored lead: kept until the snapshot
-- arrives, then applied (the lead is enrolled as if the release had come second), never dropped.
create table pending_release (
    lead_id uuid primary key,
    cause_event_id varchar(200) not null,
    released_at timestamp with time zone not null
);
