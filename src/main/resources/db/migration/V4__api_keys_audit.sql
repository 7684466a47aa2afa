-- HTTP API keys (only their SHA-256 is kept) and the audit log (docs/security.md).
create table api_keys (
    id            text primary key,
    name          text not null,
    role          text not null check (role in ('admin', 'operator', 'viewer', 'device')),
    key_hash      text not null unique,
    prefix        text not null,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    rotated_from  text
);

-- Append-only: rows are inserted, never changed or removed (the trigger refuses it, whoever asks).
create table audit_log (
    id        bigserial primary key,
    at        timestamptz not null default now(),
    actor     text not null,
    action    text not null,
    target    text,
    outcome   text not null,
    detail    jsonb
);
create index audit_log_at on audit_log (at);
create index audit_log_actor_at on audit_log (actor, at);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only();
