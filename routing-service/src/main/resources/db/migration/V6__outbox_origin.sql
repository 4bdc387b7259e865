-- The instance that made the change an event reports: it pushed to its own consoles already, so only the others push
-- again when the event comes back from leads.assigned.
alter table outbox_event add column origin varchar(64);
