-- E-mail delivery over SMTP. Portable SQL, as 0001.
--
-- A message is pending while sent_at and failed_at are both NULL. A sender claims it for a
-- while (claimed_by, claimed_until) with one conditional UPDATE, so two instances on one
-- database never both send it; a claim that outlives a crashed sender simply expires.
-- After a temporary failure next_attempt_at says when to try again (exponential backoff);
-- a permanent failure, or the last attempt, sets failed_at, and the operator may resend.
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
ALTER TABLE outbox ADD COLUMN failed_at BIGINT;

-- Until now nothing was sent: what is queued is old, and its links are used or expired.
-- Rather than mail all of it at the first start with SMTP, it is set aside as failed, where
-- the operator sees it and can send what is still worth sending.
UPDATE outbox
SET failed_at = created_at,
    last_error = 'Lagt i kø før Selvbetjening sendte e-post; ikke sendt.'
WHERE sent_at IS NULL;

CREATE INDEX outbox_pending ON outbox(created_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_failed ON outbox(failed_at) WHERE failed_at IS NOT NULL;
