-- "Endringslogg": what each audit record is about, so the log can be filtered and shown
-- without reading every snapshot. Portable SQL, as 0001. Older records keep NULLs here and
-- are shown from their snapshots.

-- The environment the object lives in (NULL: organisation-wide, e.g. rights).
ALTER TABLE audit_log ADD COLUMN environment TEXT;
-- The object's name as people know it: scope name, integration name, key id, e-mail …
ALTER TABLE audit_log ADD COLUMN object_label TEXT;
-- The other organisation concerned, which sees the record too: the customer a supplier
-- acted for, the supplier a delegation was given to, the consumer on an access list.
ALTER TABLE audit_log ADD COLUMN other_org_id TEXT;
-- Microseconds, to order records made within one second.
ALTER TABLE audit_log ADD COLUMN at_us BIGINT;

CREATE INDEX audit_log_other_org ON audit_log(other_org_id, at);
