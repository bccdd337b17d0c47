-- Project API tokens for CI: shown once, stored as a SHA-256 hash, found by their visible prefix.
create table api_tokens (
    id            uuid primary key,
    account_id    uuid not null references accounts (id) on delete cascade,
    project_id    uuid not null references projects (id) on delete cascade,
    name          text not null,
    prefix        text not null unique,
    token_hash    text not null,
    scopes        text not null,
    created_by    text not null,
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
create index api_tokens_project on api_tokens (project_id);

-- Invitations: a person whose verified e-mail matches joins the account with the role at their next sign-in.
create table invitations (
    id           uuid primary key,
    account_id   uuid not null references accounts (id) on delete cascade,
    email        text not null,
    role         text not null check (role in ('admin', 'member', 'viewer')),
    invited_by   text not null,
    created_at   timestamptz not null default now(),
    accepted_at  timestamptz,
    unique (account_id, email)
);
create index invitations_email on invitations (lower(email)) where accepted_at is null;
