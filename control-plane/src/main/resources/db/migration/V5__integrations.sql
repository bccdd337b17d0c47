-- Integrations per project (Slack, Datadog, GitHub): settings in the clear, the secret (webhook URL, API key, token)
-- sealed with AES-GCM by the control plane; only its last characters are kept readable, to show which one it is.
create table integration_settings (
    project_id   uuid not null references projects (id) on delete cascade,
    kind         text not null check (kind in ('slack', 'datadog', 'github')),
    account_id   uuid not null references accounts (id) on delete cascade,
    config       jsonb not null default '{}',
    secret       text not null,
    secret_hint  text not null,
    updated_by   text not null,
    updated_at   timestamptz not null default now(),
    primary key (project_id, kind)
);

-- Every message to an integration about a run, and what became of it. Deliveries with the same ordering key go out
-- one after another in seq order (a commit status "pending" before its "success"); the worker that claims one holds
-- a lease, so another instance takes it over if that worker dies.
create table integration_deliveries (
    id               uuid primary key,
    seq              bigserial not null unique,
    account_id       uuid not null references accounts (id) on delete cascade,
    project_id       uuid not null references projects (id) on delete cascade,
    run_id           uuid not null references runs (id) on delete cascade,
    kind             text not null,
    event            text not null,
    action           text not null,
    ordering_key     text not null,
    payload          jsonb not null,
    status           text not null check (status in ('pending', 'sending', 'delivered', 'failed', 'skipped')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    lease_until      timestamptz,
    last_status_code integer,
    detail           text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    delivered_at     timestamptz
);
create index integration_deliveries_run on integration_deliveries (run_id, seq);
create index integration_deliveries_due on integration_deliveries (next_attempt_at) where status in ('pending', 'sending');
create index integration_deliveries_order on integration_deliveries (ordering_key, seq) where status in ('pending', 'sending');
