-- The first answer to a request sent with an Idempotency-Key, per caller, to repeat it for retries.
create table idempotency_key (
    scope        varchar(100) not null,
    key          varchar(200) not null,
    request_hash varchar(64)  not null,
    status       integer      not null,
    response     text         not null,
    created_at   timestamptz  not null,
    primary key (scope, key)
);
create index idempotency_key_created on idempotency_key (created_at);
