-- API consumers: integrations (OAuth2 clients), the scopes on them, their public keys and
-- enterprise certificate. Portable SQL, as 0001. Integrations are never hard-deleted.

-- id is the client_id shown to the user (a UUID).
CREATE TABLE clients (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    environment TEXT NOT NULL,
    -- IntegrationType code: maskinporten, krr, idporten, api_klient. Never changes.
    integration_type TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    -- ID-porten only; one URI per line.
    redirect_uris TEXT NOT NULL DEFAULT '',
    post_logout_redirect_uris TEXT NOT NULL DEFAULT '',
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    updated_by TEXT REFERENCES users(id)
);
CREATE INDEX clients_org ON clients(org_id, environment);

CREATE TABLE client_scopes (
    client_id TEXT NOT NULL REFERENCES clients(id),
    scope_id TEXT NOT NULL REFERENCES scopes(id),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (client_id, scope_id)
);
CREATE INDEX client_scopes_scope ON client_scopes(scope_id);

-- "Egne public nøkler": at most five per client (enforced by the service), each valid a
-- year from upload; re-adding the same key (same RFC 7638 thumbprint) renews it.
CREATE TABLE client_keys (
    client_id TEXT NOT NULL REFERENCES clients(id),
    kid TEXT NOT NULL,
    thumbprint TEXT NOT NULL,
    -- The JWK as saved (kty, e, use, kid, alg, n).
    jwk TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id),
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (client_id, kid)
);
CREATE UNIQUE INDEX client_keys_thumbprint ON client_keys(client_id, thumbprint);

-- "Virksomhetssertifikat": at most one per client.
CREATE TABLE client_certificates (
    client_id TEXT PRIMARY KEY REFERENCES clients(id),
    pem TEXT NOT NULL,
    subject TEXT NOT NULL,
    issuer TEXT NOT NULL,
    serial TEXT NOT NULL,
    not_before BIGINT NOT NULL,
    not_after BIGINT NOT NULL,
    org_number TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id)
);
