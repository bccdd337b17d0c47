-- Test-only migration used by PostgresIT (runs in a throwaway database, never in 'barrage').
CREATE TABLE infra_smoke (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT        NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO infra_smoke (name) VALUES ('postgres'), ('kafka'), ('keycloak');
