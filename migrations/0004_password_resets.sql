-- "Glemt passord?": e-mailed links to set a new password. As with email_confirmations only
-- a SHA-256 hash of the token is stored; a link is single use (used_at) and short lived
-- (expires_at). Portable SQL, as 0001.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_resets_user ON password_resets(user_id);

-- Replacing or expiring an unconfirmed registration removes its confirmation links by user.
CREATE INDEX email_confirmations_user ON email_confirmations(user_id);
