-- Contribution ids come from a pooled sequence (50 per fetch), so the rows of one event go in one batched insert.
create sequence score_contribution_seq increment by 50;
select setval('score_contribution_seq', coalesce((select max(id) from score_contribution), 0) + 50);
