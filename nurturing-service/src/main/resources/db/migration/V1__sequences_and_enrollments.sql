-- Follow-up sequences and their steps: data, so they can change without a release.
create table nurture_sequence (
    id   varchar(64) primary key,
    name varchar(200) not null
);

create table sequence_step (
    sequence_id  varchar(64)  not null references nurture_sequence (id),
    position     integer      not null,
    channel      varchar(32)  not null,
    delay_days   integer      not null,
    template     varchar(100) not null,
    primary key (sequence_id, position)
);

-- A lead following a sequence. No lead is ever in two sequences at once.
create table enrollment (
    id          uuid primary key,
    lead_id     uuid         not null,
    sequence_id varchar(64)  not null references nurture_sequence (id),
    status      varchar(16)  not null,
    email       varchar(254),
    language    varchar(8)   not null,
    time_zone   varchar(64)  not null,
    enrolled_at timestamptz  not null
);
create unique index enrollment_one_active_per_lead on enrollment (lead_id) where status = 'ACTIVE';
create index enrollment_lead on enrollment (lead_id);

-- Each planned touch of an enrollment, with when it falls due.
create table scheduled_touch (
    id            uuid primary key,
    enrollment_id uuid         not null references enrollment (id),
    step          integer      not null,
    channel       varchar(32)  not null,
    template      varchar(100) not null,
    due_at        timestamptz  not null,
    status        varchar(16)  not null,
    unique (enrollment_id, step)
);
create index scheduled_touch_due on scheduled_touch (status, due_at);

-- The default sequence every lead that is not hot enters: four emails and a call over about two and a half weeks.
insert into nurture_sequence (id, name) values ('default', 'Default follow-up');
insert into sequence_step (sequence_id, position, channel, delay_days, template) values
    ('default', 1, 'EMAIL',     0,  'welcome'),
    ('default', 2, 'EMAIL',     2,  'case-study'),
    ('default', 3, 'CALL_TASK', 4,  'check-in-call'),
    ('default', 4, 'EMAIL',     7,  'product-tour'),
    ('default', 5, 'EMAIL',     12, 'last-chance');
