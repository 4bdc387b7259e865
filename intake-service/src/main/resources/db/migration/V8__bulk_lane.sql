-- Imported rows travel in the bulk lane, apart from live traffic: their outbox rows are relayed after every live one
-- waiting, to the bulk topics (leads.received.bulk).
alter table outbox_event add column bulk boolean not null default false;
create index outbox_event_lane on outbox_event (bulk, id);

-- A person an import created and who has not submitted live since: their first live submission enters as a new
-- lead would (lead.received.v1 on the live lane), so it never waits behind the import that created them.
alter table lead_identity add column imported boolean not null default false;
