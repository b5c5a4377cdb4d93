-- Notices sent once: "key expires within 30 days", then "within 7 days", per key, across
-- restarts and server instances. The insert is the claim: whoever inserts the row queues
-- the e-mail, in the same transaction; the primary key stops a second one.
CREATE TABLE expiry_notices (
    -- 'key' (object_id = client id + '/' + kid) or 'certificate' (object_id = client id +
    -- '/' + serial).
    object_kind TEXT NOT NULL,
    object_id TEXT NOT NULL,
    -- Days before expiry: 30 or 7.
    threshold_days BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (object_kind, object_id, threshold_days)
);
