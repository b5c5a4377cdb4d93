-- API delegation. A provider bundles some of its delegable scopes in one environment into
-- a named *delegable right*; a customer organisation that holds every scope of a right
-- may *delegate* it to a supplier, who may then use those scopes for that customer only.
-- Delegations are never deleted: removal records who and when ("Angre" clears it again).
-- Portable SQL, as 0001.

CREATE TABLE delegable_rights (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    environment TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    updated_by TEXT REFERENCES users(id)
);
-- Customers find rights by name: one name per environment, whichever provider has it.
CREATE UNIQUE INDEX delegable_rights_name ON delegable_rights(environment, name);

CREATE TABLE delegable_right_scopes (
    right_id TEXT NOT NULL REFERENCES delegable_rights(id),
    scope_id TEXT NOT NULL REFERENCES scopes(id),
    PRIMARY KEY (right_id, scope_id)
);
CREATE INDEX delegable_right_scopes_scope ON delegable_right_scopes(scope_id);

CREATE TABLE delegations (
    id TEXT PRIMARY KEY,
    right_id TEXT NOT NULL REFERENCES delegable_rights(id),
    environment TEXT NOT NULL,
    customer_org_id TEXT NOT NULL REFERENCES organizations(id),
    supplier_org_id TEXT NOT NULL REFERENCES organizations(id),
    given_at BIGINT NOT NULL,
    given_by TEXT REFERENCES users(id),
    removed_at BIGINT,
    removed_by TEXT REFERENCES users(id)
);
CREATE INDEX delegations_customer ON delegations(customer_org_id, environment);
CREATE INDEX delegations_supplier ON delegations(supplier_org_id, environment);
-- At most one live delegation of a right from a customer to a supplier, even when two
-- administrators press "Bekreft" at once.
CREATE UNIQUE INDEX delegations_live ON delegations(right_id, customer_org_id, supplier_org_id) WHERE removed_at IS NULL;

-- "For en kunde": the customer a supplier's integration acts for (NULL: its own).
ALTER TABLE clients ADD COLUMN customer_org_id TEXT REFERENCES organizations(id);
CREATE INDEX clients_customer ON clients(customer_org_id, environment);
