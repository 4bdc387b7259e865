-- The content a lead last downloaded (a white paper, a guide): emails can mention it.
alter table nurture_lead add column last_content varchar(200);
