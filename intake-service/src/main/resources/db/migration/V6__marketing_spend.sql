-- Marketing spend per month, source and campaign (cost per lead): set by the admin endpoint or the spend file.
create table marketing_spend (
    month      char(7)        not null,
    source     varchar(64)    not null,
    campaign   varchar(64)    not null,
    currency   char(3)        not null,
    amount     numeric(18, 4) not null check (amount >= 0),
    updated_at timestamptz    not null,
    updated_by varchar(255),
    primary key (month, source, campaign, currency)
);
