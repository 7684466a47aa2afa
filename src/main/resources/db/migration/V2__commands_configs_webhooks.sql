-- Commands: PENDING -> SENT -> SUCCEEDED | FAILED, besides TIMED_OUT, EXPIRED, CANCELLED (docs/commands.md).
create table commands (
    command_id      text primary key,
    seq             bigserial not null,
    device_id       text not null,
    type            text not null,
    params          jsonb not null default '{}'::jsonb,
    state           text not null check (state in ('PENDING', 'SENT', 'SUCCEEDED', 'FAILED', 'TIMED_OUT',
                                                   'EXPIRED', 'CANCELLED')),
    timeout_ms      integer not null,
    expires_at      timestamptz not null,
    retries         integer not null,
    attempts        integer not null default 0,
    next_attempt_at timestamptz,
    deadline_at     timestamptz,
    claimed_by      text,
    claimed_until   timestamptz,
    result          jsonb,
    error           jsonb,
    group_id        text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    sent_at         timestamptz,
    completed_at    timestamptz
);
create index commands_pending_idx on commands (device_id, seq) where state = 'PENDING';
create index commands_sent_deadline_idx on commands (deadline_at) where state = 'SENT';
create index commands_pending_expiry_idx on commands (expires_at) where state = 'PENDING';
create index commands_device_created_idx on commands (device_id, created_at desc);

create table command_transitions (
    id          bigserial primary key,
    command_id  text not null references commands (command_id) on delete cascade,
    state       text not null,
    at          timestamptz not null default now(),
    detail      text
);
create index command_transitions_command_idx on command_transitions (command_id, id);

-- Desired configuration per device (published retained on device/{id}/config) and the version the device reports.
create table device_configs (
    device_id          text primary key,
    version            integer not null,
    config             jsonb not null,
    published_version  integer not null default 0,
    updated_at         timestamptz not null default now(),
    reported_version   integer,
    reported_at        timestamptz
);

-- Token of devices that speak HTTP instead of MQTT (only its hash is kept).
alter table devices add column token_hash text;

-- Webhooks and their durable delivery queue.
create table webhooks (
    id          text primary key,
    url         text not null,
    events      text[] not null,
    secret      text not null,
    created_at  timestamptz not null default now()
);

create table webhook_deliveries (
    id              bigserial primary key,
    webhook_id      text not null references webhooks (id) on delete cascade,
    event_type      text not null,
    payload         jsonb not null,
    state           text not null default 'PENDING' check (state in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    created_at      timestamptz not null default now(),
    delivered_at    timestamptz
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where state = 'PENDING';
