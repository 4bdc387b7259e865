-- CSV imports: one job per uploaded file, with its progress and each rejected row.
create table import_job (
    id          uuid primary key,
    source      varchar(64)  not null,
    form_type   varchar(32)  not null,
    status      varchar(16)  not null,
    file_name   varchar(255),
    encoding    varchar(32),
    delimiter   varchar(16),
    rows_read   integer      not null default 0,
    accepted    integer      not null default 0,
    rejected    integer      not null default 0,
    duplicates  integer      not null default 0,
    failure     text,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    finished_at timestamptz
);

create table import_row_error (
    import_id uuid          not null references import_job (id),
    line      integer       not null,
    reason    varchar(2000) not null,
    primary key (import_id, line)
);
