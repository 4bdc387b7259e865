-- A hot lead that came from an import (the bulk lane): routed like any other, counted apart in the speed-to-lead
-- metrics (leadflow_bulk_time_to_assign_seconds, leadflow_bulk_time_to_accept_seconds) so live figures stay live.
alter table routed_lead add column bulk boolean not null default false;
alter table outbox_event add column bulk boolean not null default false;
