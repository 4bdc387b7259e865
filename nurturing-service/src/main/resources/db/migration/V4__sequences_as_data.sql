-- Sequences are data: each says which leads it is for (entry criteria; an empty list accepts any value) and which
-- sequence wins when several fit (lowest priority first).
alter table nurture_sequence add column priority integer not null default 100;
alter table nurture_sequence add column temperatures varchar(200);
alter table nurture_sequence add column grades varchar(200);
alter table nurture_sequence add column stages varchar(200);
alter table nurture_sequence add column languages varchar(200);
alter table nurture_sequence add column sources varchar(500);
alter table nurture_sequence add column updated_at timestamptz;
