-- Leads erased on request (GDPR Art. 17): their late scores and tasks are dropped instead of bringing the person back.
-- Only ids and times: nothing here names the person.
create table erased_lead (
    lead_id    uuid primary key,
    request_id uuid        not null,
    erased_at  timestamptz not null
);
