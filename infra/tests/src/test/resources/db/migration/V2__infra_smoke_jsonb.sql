-- A second step, to check that migrations run in order and PostgreSQL-specific types work.
ALTER TABLE infra_smoke ADD COLUMN details JSONB NOT NULL DEFAULT '{}'::jsonb;
UPDATE infra_smoke SET details = jsonb_build_object('port_env', 'BARRAGE_PG_PORT') WHERE name = 'postgres';
