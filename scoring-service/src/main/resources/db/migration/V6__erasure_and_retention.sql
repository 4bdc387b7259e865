-- Leads whose person had them erased: any event of theirs that arrives later (another topic, a redelivery) is
-- dropped instead of scoring them again. Holds no personal data, only the pseudonymous lead id.
create table erased_lead (
    lead_id    uuid primary key,
    request_id uuid        not null,
    erased_at  timestamptz not null
);

-- The retention purge reads leads by their last scoring.
create index lead_score_scored_at on lead_score (scored_at);
create index score_change_lead_only on score_change (lead_id);
