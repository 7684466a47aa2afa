-- Devices' logins on the embedded broker (docs/security.md#broker): only a BCrypt hash of the password is kept.
create table mqtt_credentials (
    device_id      text primary key,
    password_hash  text not null,
    created_at     timestamptz not null default now()
);
