-- API providers: scopes, their access lists, requests for prefixes and for access, and
-- commercial data. Portable SQL, as 0001. Nothing is hard-deleted.

CREATE TABLE scopes (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    environment TEXT NOT NULL,
    prefix TEXT NOT NULL,
    subscope TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    long_description TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL,
    accessible_for_all BIGINT NOT NULL DEFAULT 0,
    -- Comma-separated integration type codes ("maskinporten,krr").
    integration_types TEXT NOT NULL,
    at_max_age BIGINT NOT NULL,
    delegable BIGINT NOT NULL DEFAULT 0,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    updated_by TEXT REFERENCES users(id),
    UNIQUE (environment, name)
);
CREATE INDEX scopes_org ON scopes(org_id, environment);

-- Consumers are named by organisation number: a provider may grant an organisation that
-- has not registered with the portal yet. A row is live while removed_at is NULL.
CREATE TABLE scope_access (
    id TEXT PRIMARY KEY,
    scope_id TEXT NOT NULL REFERENCES scopes(id),
    consumer_org_number TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    added_by TEXT REFERENCES users(id),
    removed_at BIGINT,
    removed_by TEXT REFERENCES users(id)
);
CREATE UNIQUE INDEX scope_access_live ON scope_access(scope_id, consumer_org_number) WHERE removed_at IS NULL;
CREATE INDEX scope_access_consumer ON scope_access(consumer_org_number);

-- "Be om tilgang": REQUESTED, then APPROVED or DENIED.
CREATE TABLE access_requests (
    id TEXT PRIMARY KEY,
    scope_id TEXT NOT NULL REFERENCES scopes(id),
    org_id TEXT NOT NULL REFERENCES organizations(id),
    state TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    requested_at BIGINT NOT NULL,
    requested_by TEXT REFERENCES users(id),
    decided_at BIGINT,
    decided_by TEXT REFERENCES users(id)
);
CREATE UNIQUE INDEX access_requests_open ON access_requests(scope_id, org_id) WHERE state = 'REQUESTED';

-- "Bestill prefiks": REQUESTED, then APPROVED (the prefix is assigned) or DENIED.
CREATE TABLE prefix_requests (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    environment TEXT NOT NULL,
    prefix TEXT NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    requested_by TEXT REFERENCES users(id),
    decided_at BIGINT,
    decided_by TEXT REFERENCES users(id)
);
CREATE INDEX prefix_requests_state ON prefix_requests(state, requested_at);

-- "Merkantile data": invoice information and notification contacts. owner_kind is
-- 'provider' (owner_id = the organisation) or, later, 'client' (owner_id = the integration).
CREATE TABLE commercial_data (
    owner_kind TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    invoice_email TEXT NOT NULL DEFAULT '',
    invoice_reference TEXT NOT NULL DEFAULT '',
    -- One e-mail address per line.
    contacts TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    updated_by TEXT REFERENCES users(id),
    PRIMARY KEY (owner_kind, owner_id)
);
