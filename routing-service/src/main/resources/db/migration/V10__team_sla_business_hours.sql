-- A team may count the SLA in its business hours (weekly windows in its time zone, holidays): JSON, null for elapsed
-- time (every team so far).
alter table team add column sla_calendar text;
