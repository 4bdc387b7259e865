-- GDPR erasure requests (Art. 17) and each service's confirmation.
create table erasure_request (
    id           uuid primary key,
    lead_id      uuid         not null,
    email_sha256 varchar(64)  not null,
    requested_by varchar(200),
    requested_at timestamptz  not null
);
create index erasure_request_lead on erasure_request (lead_id);

create table erasure_confirmation (
    request_id   uuid        not null references erasure_request (id),
    service      varchar(64) not null,
    completed_at timestamptz not null,
    primary key (request_id, service)
);

-- An erased person's consent answers stay as legal proof, without anything that identifies them: the SHA-256 of the
-- email, when, through which source and what was answered; the lead id and the IP address go.
alter table consent_record alter column lead_id drop not null;
alter table consent_record add column email_sha256 varchar(64);
alter table consent_record add column erased_at timestamptz;

-- The retention purge reads people by their last submission, and old rows by their time.
create index lead_identity_last_seen on lead_identity (last_seen_at);
create index consent_record_recorded on consent_record (recorded_at);
create index import_job_created on import_job (created_at);
