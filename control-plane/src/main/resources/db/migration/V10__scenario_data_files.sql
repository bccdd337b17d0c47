-- Data files (CSV feeders) uploaded with a scenario version, handed to its runners next to the scenario.
create table scenario_files (
    version_id  uuid not null references scenario_versions (id) on delete cascade,
    name        text not null,
    content     bytea not null,
    primary key (version_id, name)
);
