-- Device registry: devices and their groups (site, zone, function).
create table device_groups (
    id          text primary key,
    kind        text not null check (kind in ('site', 'zone', 'function')),
    name        text not null,
    parent_id   text references device_groups (id) on delete set null,
    metadata    jsonb not null default '{}'::jsonb,
    created_at  timestamptz not null default now()
);

create table devices (
    id                text primary key,
    type              text not null,
    model             text,
    firmware_version  text,
    location          text,
    protocol          text not null default 'mqtt',
    metadata          jsonb not null default '{}'::jsonb,
    status            text not null default 'unknown' check (status in ('unknown', 'online', 'offline', 'maintenance')),
    status_changed_at timestamptz,
    status_detail     jsonb not null default '{}'::jsonb,
    last_seen         timestamptz,
    auto_registered   boolean not null default false,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);
create index devices_type_idx on devices (type);
create index devices_status_idx on devices (status);

create table device_group_members (
    device_id text not null references devices (id) on delete cascade,
    group_id  text not null references device_groups (id) on delete cascade,
    primary key (device_id, group_id)
);
create index device_group_members_group_idx on device_group_members (group_id);

-- Telemetry: one row per value. The primary key makes storage idempotent against QoS 1 redelivery.
-- Rows stay when a device is deleted: history outlives registry entries.
create table telemetry (
    device_id   text not null,
    key         text not null,
    ts          timestamptz not null,
    num_value   double precision,
    bool_value  boolean,
    str_value   text,
    primary key (device_id, key, ts)
);

-- Device events: status transitions recorded by the hub and events reported by devices.
create table device_events (
    id          bigserial primary key,
    device_id   text not null,
    ts          timestamptz not null default now(),
    category    text not null check (category in ('status', 'device')),
    type        text not null,
    severity    text,
    message     text,
    data        jsonb not null default '{}'::jsonb
);
create index device_events_device_ts_idx on device_events (device_id, ts desc);

-- Messages the hub could not accept, with the reason; kept for inspection and replay.
create table dead_letters (
    id            bigserial primary key,
    received_at   timestamptz not null default now(),
    source        text not null,
    topic         text,
    device_id     text,
    reason        text not null,
    detail        text,
    payload       bytea,
    payload_size  integer not null default 0
);
create index dead_letters_received_idx on dead_letters (received_at desc);
create index dead_letters_reason_idx on dead_letters (reason, received_at desc);

-- With TimescaleDB present (the compose stack), telemetry becomes a hypertable partitioned by time.
do $$
begin
    if exists (select 1 from pg_available_extensions where name = 'timescaledb') then
        create extension if not exists timescaledb;
        perform create_hypertable('telemetry', 'ts', chunk_time_interval => interval '1 day',
                                  if_not_exists => true, migrate_data => true);
    end if;
end
$$;
