-- What the external firmographics provider answered for a domain (found or not), kept for its TTL.
create table provider_cache (
    domain     varchar(253) primary key,
    found      boolean      not null,
    data       text,
    fetched_at timestamptz  not null
);
