-- Tenancy: an account (the tenant) has members with roles, and projects.
create table accounts (
    id          uuid primary key,
    name        text not null,
    plan        text not null default 'free',
    created_at  timestamptz not null default now()
);

create table members (
    account_id   uuid not null references accounts (id) on delete cascade,
    subject      text not null,
    email        text,
    display_name text,
    role         text not null check (role in ('owner', 'admin', 'member', 'viewer')),
    created_at   timestamptz not null default now(),
    primary key (account_id, subject)
);
create index members_subject on members (subject);

create table projects (
    id          uuid primary key,
    account_id  uuid not null references accounts (id) on delete cascade,
    name        text not null,
    created_at  timestamptz not null default now(),
    unique (account_id, name)
);

-- Scenarios: every upload is a new immutable version.
create table scenarios (
    id          uuid primary key,
    project_id  uuid not null references projects (id) on delete cascade,
    name        text not null,
    created_at  timestamptz not null default now(),
    unique (project_id, name)
);

create table scenario_versions (
    id          uuid primary key,
    scenario_id uuid not null references scenarios (id) on delete cascade,
    version     integer not null,
    file_name   text not null,
    source      text not null,
    sha256      text not null,
    created_by  text not null,
    created_at  timestamptz not null default now(),
    unique (scenario_id, version)
);

-- Runs and their runners; the report is written once, when the run ends.
create table runs (
    id                  uuid primary key,
    account_id          uuid not null references accounts (id) on delete cascade,
    project_id          uuid not null references projects (id) on delete cascade,
    scenario_version_id uuid not null references scenario_versions (id),
    status              text not null,
    status_reason       text,
    target_host         text not null,
    users               integer not null check (users > 0),
    spawn_rate          double precision not null check (spawn_rate > 0),
    duration_seconds    bigint not null check (duration_seconds > 0),
    stop_timeout_seconds bigint not null default 0 check (stop_timeout_seconds >= 0),
    runners             integer not null check (runners > 0),
    tags                text not null default '',
    git_repository      text,
    git_branch          text,
    git_commit          text,
    git_pull_request    integer,
    run_token_hash      text not null,
    created_by          text not null,
    created_at          timestamptz not null default now(),
    started_at          timestamptz,
    ended_at            timestamptz,
    report              jsonb
);
create index runs_account_created on runs (account_id, created_at desc);

create table run_runners (
    run_id         uuid not null references runs (id) on delete cascade,
    runner_index   integer not null,
    runner_id      text not null,
    status         text not null,
    message        text,
    last_sequence  bigint not null default -1,
    updated_at     timestamptz not null default now(),
    primary key (run_id, runner_index)
);
