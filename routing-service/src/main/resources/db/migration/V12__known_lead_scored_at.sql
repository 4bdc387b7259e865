-- When scoring computed the snapshot kept here: a live lead and an imported one travel on different topics (the bulk
-- lane), so a lead's older score can arrive after a newer one, and must not replace it.
alter table known_lead add column scored_at timestamptz;
