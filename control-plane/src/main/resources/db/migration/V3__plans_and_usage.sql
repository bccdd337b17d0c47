-- Plans as data. A null allowance is set per account (enterprise).
create table plans (
    id                  text primary key,
    name                text not null,
    vu_hours_per_month  numeric(14, 3),
    max_users_per_run   integer not null,
    max_concurrent_runs integer not null,
    max_run_seconds     bigint not null,
    max_runners         integer not null
);
insert into plans values
    ('free',       'Free',       200,  500,    2,  3600,      2),
    ('premium',    'Premium',    5000, 5000,   5,  8 * 3600,  8),
    ('enterprise', 'Enterprise', null, 50000,  20, 24 * 3600, 32);

alter table accounts add column vu_hours_per_month numeric(14, 3);
alter table accounts add constraint accounts_plan foreign key (plan) references plans (id);

-- What a run reserved when it started, and what has been metered of it so far.
alter table runs add column reserved_vu_millis bigint not null default 0;
alter table runs add column metered_vu_millis bigint not null default 0;

-- The usage ledger: one row per run and metering batch; a month's use is the sum of its rows.
create table usage_ledger (
    id            bigserial primary key,
    account_id    uuid not null references accounts (id) on delete cascade,
    run_id        uuid not null references runs (id) on delete cascade,
    month         date not null,
    vu_millis     bigint not null check (vu_millis >= 0),
    period_start  timestamptz not null,
    period_end    timestamptz not null,
    recorded_at   timestamptz not null default now()
);
create index usage_ledger_account_month on usage_ledger (account_id, month);
