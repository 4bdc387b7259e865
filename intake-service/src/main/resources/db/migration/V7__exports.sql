-- GDPR access and portability exports (Art. 15/20): the request, and each service's part as it arrives. Both hold
-- personal data: the retention purge removes an export a period after it was requested (default 30 days), and an
-- erasure of the person removes their exports at once.
create table export_request (
    id           uuid primary key,
    lead_id      uuid         not null,
    email        varchar(254) not null,
    email_sha256 varchar(64)  not null,
    requested_by varchar(200),
    requested_at timestamptz  not null,
    completed_at timestamptz
);
create index export_request_lead on export_request (lead_id);
create index export_request_requested on export_request (requested_at);

create table export_contribution (
    export_id      uuid        not null references export_request (id) on delete cascade,
    service        varchar(64) not null,
    contributed_at timestamptz not null,
    data           text        not null,
    primary key (export_id, service)
);
