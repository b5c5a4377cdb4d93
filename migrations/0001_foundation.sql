-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Ids are UUID text, timestamps
-- UTC Unix seconds (BIGINT), flags 0/1 (BIGINT). Nothing is hard-deleted.

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    org_number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    parent_org_number TEXT,
    stricter_access BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE org_domains (
    domain TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    org_id TEXT REFERENCES organizations(id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    confirmed_at BIGINT,
    is_operator BIGINT NOT NULL DEFAULT 0,
    totp_secret TEXT,
    totp_pending_secret TEXT,
    totp_last_step BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE email_confirmations (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    stepped_up_at BIGINT,
    ended_at BIGINT
);
CREATE INDEX sessions_user ON sessions(user_id);

-- A right is active while revoked_at is NULL; revocations are kept with who and when.
CREATE TABLE user_rights (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    org_id TEXT NOT NULL REFERENCES organizations(id),
    right_code TEXT NOT NULL,
    granted_at BIGINT NOT NULL,
    granted_by TEXT REFERENCES users(id),
    revoked_at BIGINT,
    revoked_by TEXT REFERENCES users(id)
);
CREATE UNIQUE INDEX user_rights_active ON user_rights(user_id, org_id, right_code) WHERE revoked_at IS NULL;

CREATE TABLE prefixes (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    environment TEXT NOT NULL,
    prefix TEXT NOT NULL,
    assigned_at BIGINT NOT NULL,
    assigned_by TEXT REFERENCES users(id),
    UNIQUE (environment, prefix)
);

-- E-mail waits here until delivered (SMTP), or is shown on the development mailbox page.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_user_id TEXT,
    org_id TEXT,
    action TEXT NOT NULL,
    before_state TEXT,
    after_state TEXT
);
CREATE INDEX audit_log_org ON audit_log(org_id, at);
