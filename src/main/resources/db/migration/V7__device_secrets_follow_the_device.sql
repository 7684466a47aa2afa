-- A deleted device's broker login, envelope keys and counters go with it (they used to outlive it, so that its
-- login kept working). Rows of devices already deleted are dropped first.
delete from mqtt_credentials c where not exists (select 1 from devices d where d.id = c.device_id);
delete from device_keys k where not exists (select 1 from devices d where d.id = k.device_id);
delete from envelope_counters e where not exists (select 1 from devices d where d.id = e.device_id);
alter table mqtt_credentials add foreign key (device_id) references devices (id) on delete cascade;
alter table device_keys add foreign key (device_id) references devices (id) on delete cascade;
alter table envelope_counters add foreign key (device_id) references devices (id) on delete cascade;

-- The same password in Mosquitto's own format (PBKDF2-SHA512, "$7$"), for the password file the hub can write for
-- an outside Mosquitto (caravan.mqtt.mosquitto.password-file). Null for logins made before this version.
alter table mqtt_credentials add column mosquitto_hash text;
