-- A rep's own presence choice: away reps get no new leads until they are back.
alter table rep add column away boolean not null default false;
