-- The token endpoint. Portable SQL, as 0001.

-- Each environment signs access tokens with its own RSA key, made at first use. Rotation
-- retires the current key (retired_at) and makes a new one; a retired key stays in the
-- JWKS until every token it signed has expired.
CREATE TABLE token_signing_keys (
    kid TEXT PRIMARY KEY,
    environment TEXT NOT NULL,
    -- PKCS#8 DER, standard base64.
    private_pkcs8 TEXT NOT NULL,
    -- The public half as a JWK (JSON).
    public_jwk TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    retired_at BIGINT
);
-- One current key per environment, even when two instances make one at once.
CREATE UNIQUE INDEX token_signing_keys_current ON token_signing_keys(environment) WHERE retired_at IS NULL;

-- An assertion's jti is single use within its lifetime: the insert fails for a replay, on
-- every instance that shares the database. Rows are purged once the assertion expired.
CREATE TABLE assertion_jtis (
    client_id TEXT NOT NULL,
    jti TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX assertion_jtis_expiry ON assertion_jtis(expires_at);
