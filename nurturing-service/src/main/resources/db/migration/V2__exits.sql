-- Why and when an enrollment ended before its last touch.
alter table enrollment add column exit_reason varchar(32);
alter table enrollment add column exited_at timestamptz;
