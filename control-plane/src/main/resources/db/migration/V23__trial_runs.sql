-- Trial runs against hosts the starting account has not verified: limited per account and per host over 24 hours,
-- so that unverified trials cannot add up to a flood of someone else's service.
create table trial_runs (
    id          uuid primary key,
    account_id  uuid not null references accounts (id) on delete cascade,
    host        text not null,
    run_id      uuid not null,
    started_at  timestamptz not null
);
create index trial_runs_by_account on trial_runs (account_id, started_at);
create index trial_runs_by_host on trial_runs (host, started_at);
