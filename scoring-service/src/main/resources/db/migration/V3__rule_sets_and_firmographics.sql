-- Versioned rule sets: the shipped default and every version marketing saved through the admin API.
-- The published version with the latest published_at is the one in force.
create table rule_set (
    version      varchar(64)  primary key,
    description  varchar(500),
    definition   text         not null,
    origin       varchar(16)  not null,   -- shipped | api
    status       varchar(16)  not null,   -- draft | published
    created_at   timestamptz  not null,
    published_at timestamptz
);
create index rule_set_published on rule_set (published_at desc) where status = 'published';

-- Firmographic reference data: what scoring knows of a company by its domain.
create table firmographic (
    domain         varchar(253) primary key,
    name           varchar(300) not null,
    industry       varchar(100),
    employees      integer,
    annual_revenue bigint,
    country        varchar(2),
    funding_stage  varchar(50),
    funded_on      date,
    recent_news    boolean      not null default false,
    updated_at     timestamptz  not null
);

-- The form answers (BANT, MEDDIC) a lead gave, so a draft rule set can be simulated on them.
alter table lead_score add column answers text;
-- Set when a rep accepted the lead or a meeting was booked (routing's outcome events): stage sql.
alter table lead_score add column sales_accepted_at timestamptz;
create index lead_score_received on lead_score (received_at);
create index lead_score_warm on lead_score (temperature) where temperature <> 'COLD';
-- Which rule set priced each contribution.
alter table score_contribution add column rule_set_version varchar(64);
create index score_contribution_rule on score_contribution (lead_id, rule);
