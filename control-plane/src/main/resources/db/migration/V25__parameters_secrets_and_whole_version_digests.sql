-- The parameters a run was started with (scenario code reads them with parameter(KEY)): part of its record.
alter table runs add column parameters jsonb;

-- A project's secrets, read by its scenarios with parameter(NAME) on every runner and never shown back: sealed with
-- AES-GCM by the control plane (bound to the project and the name), like integration secrets. Not part of any run.
create table project_secrets (
    project_id  uuid not null references projects (id) on delete cascade,
    name        text not null,
    account_id  uuid not null references accounts (id) on delete cascade,
    value       text not null,
    updated_by  text not null,
    updated_at  timestamptz not null default now(),
    primary key (project_id, name)
);

-- A version's sha256 covers all of its files now (ScenarioDigest: the SHA-256 of the lines
-- "<sha-256 of the file>  <name>\n" sorted by name), so a changed data file is a changed version.
update scenario_versions v set sha256 = encode(sha256(convert_to((
    select string_agg(f.hash || '  ' || f.name || E'\n', '' order by f.name collate "C")
    from (select encode(sha256(convert_to(v.source, 'UTF8')), 'hex') as hash, v.file_name as name
          union all
          select encode(sha256(d.content), 'hex'), d.name from scenario_files d where d.version_id = v.id) f
), 'UTF8')), 'hex');
