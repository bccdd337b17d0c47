-- Target hosts an account has proved it owns (a DNS TXT record or a file on the host), before it may send them more
-- than a trial load. Numbered 20 so that migrations added meanwhile on other branches keep their numbers.
create table target_hosts (
    id           uuid primary key,
    account_id   uuid not null references accounts (id) on delete cascade,
    host         text not null,
    token        text not null,
    created_by   text not null,
    created_at   timestamptz not null default now(),
    verified_at  timestamptz,
    verified_by  text,
    method       text check (method in ('dns', 'file')),
    unique (account_id, host)
);
