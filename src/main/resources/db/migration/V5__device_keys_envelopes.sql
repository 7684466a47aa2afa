-- Advanced security (docs/envelope.md): device keys, encrypted under the master key, and envelope counters.
create table device_keys (
    device_id   text not null,
    version     integer not null,
    key_sealed  bytea not null,
    created_at  timestamptz not null default now(),
    -- set when a newer version replaces it: accepted until then, refused after
    retire_at   timestamptz,
    primary key (device_id, version)
);

create table envelope_counters (
    device_id   text primary key,
    -- the highest counter accepted from the device
    inbound     bigint not null default -1,
    -- the window of the device's Last Will: a status with a counter strictly between these is accepted once
    will_floor  bigint not null default -1,
    will_ceil   bigint not null default -1,
    -- the hub's own counter towards the device
    outbound    bigint not null default 0
);
