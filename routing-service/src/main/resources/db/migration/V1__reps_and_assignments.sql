-- Reps who can receive hot leads.
create table rep (
    id         uuid primary key,
    name       varchar(200) not null,
    email      varchar(254) not null unique,
    team       varchar(100) not null,
    active     boolean      not null default true,
    created_at timestamptz  not null
);

-- A lead given to a rep: at most one per lead, whatever is redelivered.
create table assignment (
    id           uuid primary key,
    lead_id      uuid         not null unique,
    rep_id       uuid         not null references rep (id),
    status       varchar(32)  not null,
    lead_summary text         not null,
    score        integer      not null,
    grade        varchar(2),
    temperature  varchar(16)  not null,
    reasons      text         not null,
    received_at  timestamptz  not null,
    assigned_at  timestamptz  not null,
    accept_by    timestamptz  not null
);
create index assignment_rep on assignment (rep_id, assigned_at desc);

-- Round-robin position per pool of reps, advanced atomically.
create table rotation_state (
    pool varchar(100) primary key,
    turn bigint       not null
);
