-- Erasure (SECURITY.md): a suppressed person is known by the SHA-256 of their normalised address (trimmed, lower
-- case, as intake keeps it), so an erased person's entry keeps only the hash and still stops every send.
alter table suppression add column email_sha256 varchar(64);
update suppression set email_sha256 = encode(sha256(convert_to(lower(trim(email)), 'UTF8')), 'hex')
    where email is not null;
create index suppression_email_sha256 on suppression (email_sha256);
