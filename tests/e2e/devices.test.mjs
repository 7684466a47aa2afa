// End-to-end: real MQTT.js device clients talk to a running hub over MQTT 5 (TCP and WebSockets); every
// check reads the result back through the hub's HTTP API.
//
// Configured by MQTT_URL, MQTT_WS_URL and API_URL (see lib.mjs).
//
// Run: node --test tests/e2e/*.test.mjs  (see tests/README.md)

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';

import {
  EACH, MQTT_URL, MQTT_WS_URL, connectDevice, deviceId, disconnectAll, enc, eventually, getJson, iso, publishStatus,
  publishTelemetry,
} from './lib.mjs';

after(disconnectAll);

// ---------------------------------------------------------------------------------------------------------------
// Helpers: telemetry series and what the hub should show of them
// ---------------------------------------------------------------------------------------------------------------

/** ISO-8601 with a +02:00 offset instead of Z, to exercise offsets in "ts". */
function isoPlusTwo(ms) {
  const local = new Date(ms + 2 * 3600_000).toISOString();
  return local.slice(0, -1) + '+02:00';
}

/**
 * `count` telemetry messages of one device, one second apart and a minute in the past, with every kind of value
 * (integer, decimal, boolean, string) and "ts" in each of its forms (epoch ms, ISO-8601 with Z, with an offset).
 * Returns the payloads and the epoch ms each one stands for.
 */
function telemetrySeries(seed, count) {
  const start = Date.now() - 60_000;
  const forms = [(ms) => ms, iso, isoPlusTwo];
  return Array.from({ length: count }, (_, i) => {
    const at = start + i * 1000;
    return {
      at,
      payload: {
        cpu: 10 + seed * 7 + i,
        memory: 512.5 + seed + i / 4,
        uptime: 3600 + i * 60,
        relay: i % 2 === 0,
        mode: i < count - 1 ? 'eco' : 'boost',
        ts: forms[i % forms.length](at),
      },
    };
  });
}

/** The values of a payload, without its "ts". */
function valuesOf(payload) {
  const { ts, ...values } = payload;
  return values;
}

/** One series per key, oldest first, as [epoch ms, value] pairs: what the history API should show. */
function expectedSeries(messages) {
  const series = {};
  for (const { at, payload } of messages) {
    for (const [key, value] of Object.entries(valuesOf(payload))) {
      (series[key] ??= []).push([at, value]);
    }
  }
  return series;
}

/** The device's stored history in a window around `messages`, as [epoch ms, value] pairs per key. */
async function storedSeries(id, messages) {
  const from = Math.min(...messages.map((m) => m.at)) - 1000;
  const to = Date.now() + 60_000;
  // Not percent-encoded: the hub takes query values as they come (see tests/README.md), and toISOString() yields
  // only characters that need no escaping in a query.
  const history = await getJson(`/devices/${enc(id)}/telemetry?from=${iso(from)}&to=${iso(to)}`);
  assert.equal(history.deviceId, id);
  assert.equal(history.truncated, false);
  return Object.fromEntries(
    Object.entries(history.series).map(([key, points]) => [key, points.map((p) => [Date.parse(p.ts), p.value])]),
  );
}

/** Waits until the device's whole history, its latest values and its status match what it sent. */
async function expectStoredExactly(id, messages, status) {
  const expected = expectedSeries(messages);
  await eventually(`history of ${id}`, async () => {
    const stored = await storedSeries(id, messages);
    for (const [key, points] of Object.entries(expected)) {
      assert.equal(stored[key]?.length ?? 0, points.length, `${id}: number of "${key}" points`);
    }
    assert.deepEqual(stored, expected, `${id}: stored history`);
  });

  const newest = messages.reduce((a, b) => (b.at > a.at ? b : a));
  await eventually(`latest values of ${id}`, async () => {
    const latest = await getJson(`/devices/${enc(id)}/telemetry/latest`);
    const shown = Object.fromEntries(Object.entries(latest.values).map(([k, v]) => [k, [Date.parse(v.ts), v.value]]));
    const wanted = Object.fromEntries(Object.entries(valuesOf(newest.payload)).map(([k, v]) => [k, [newest.at, v]]));
    assert.deepEqual(shown, wanted, `${id}: latest values`);
  });

  await eventually(`status of ${id}`, async () => {
    const shown = await getJson(`/devices/${enc(id)}/status`);
    assert.equal(shown.deviceId, id);
    assert.equal(shown.state, 'online');
    assert.deepEqual(shown.detail, { version: status.version, ip: status.ip });
  });
}

/** A device's whole session: connect, retained status online, `count` telemetry messages; returns what it sent. */
async function runDevice(id, { url = MQTT_URL, seed = 0, count = 4, qos = 1 } = {}) {
  const client = await connectDevice(id, url);
  const status = { state: 'online', version: `1.${seed}.0`, ip: `192.0.2.${10 + seed}` };
  await publishStatus(client, id, status);
  const messages = telemetrySeries(seed, count);
  for (const { payload } of messages) {
    await publishTelemetry(client, id, payload, { qos });
  }
  return { client, status, messages };
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------------------------

describe('MQTT.js devices against the hub', () => {
  test('five devices over TCP: each is online and its latest values and history are exactly what it sent', EACH, async () => {
    const ids = [1, 2, 3, 4, 5].map((n) => deviceId(`tcp-${n}`));
    // QoS 1 and QoS 0 telemetry, both allowed by the canonical protocol
    const sessions = await Promise.all(ids.map((id, n) => runDevice(id, { seed: n + 1, count: 4, qos: n % 2 })));
    await Promise.all(ids.map((id, n) => expectStoredExactly(id, sessions[n].messages, sessions[n].status)));
  });

  test('a device over MQTT over WebSockets is stored the same way', EACH, async () => {
    assert.match(MQTT_WS_URL, /^wss?:\/\//, 'MQTT_WS_URL must be a ws:// or wss:// URL');
    const id = deviceId('ws');
    const session = await runDevice(id, { url: MQTT_WS_URL, seed: 9, count: 3 });
    await expectStoredExactly(id, session.messages, session.status);
  });

  test('a device whose connection dies without DISCONNECT is shown offline through its Last Will', EACH, async () => {
    const id = deviceId('will');
    const client = await connectDevice(id);
    await publishStatus(client, id, { state: 'online', version: '2.0.0', ip: '192.0.2.50' });
    await eventually(`${id} online`, async () => {
      assert.equal((await getJson(`/devices/${enc(id)}/status`)).state, 'online');
    });

    // a crash or a cut cable: the socket goes away, no DISCONNECT packet is sent
    const closed = new Promise((resolve) => client.once('close', resolve));
    const cutAt = Date.now();
    client.stream.destroy();
    await closed;

    const status = await eventually(`${id} offline`, async () => {
      const shown = await getJson(`/devices/${enc(id)}/status`);
      assert.equal(shown.state, 'offline');
      return shown;
    });
    assert.ok(Date.parse(status.since) >= cutAt, `offline since ${status.since}, the connection was cut at ${iso(cutAt)}`);

    await eventually(`status event of ${id}`, async () => {
      const events = await getJson(`/devices/${enc(id)}/events?category=status`);
      const offline = events.items.filter((e) => e.type === 'offline');
      assert.equal(offline.length, 1, `offline status events: ${JSON.stringify(events.items)}`);
      assert.equal(offline[0].category, 'status');
      assert.equal(offline[0].data.from, 'online');
      assert.equal(offline[0].data.to, 'offline');
      assert.ok(Date.parse(offline[0].ts) >= cutAt, `event at ${offline[0].ts}, cut at ${iso(cutAt)}`);
    });
  });

  for (const bad of [
    { reason: 'INVALID_JSON', payload: '{"cpu": 41,', what: 'a payload that is not JSON' },
    { reason: 'SCHEMA_VIOLATION', payload: '{"cpu": {"value": 41}}', what: 'an object as a telemetry value' },
    { reason: 'SCHEMA_VIOLATION', payload: '{"cpu": [41, 42]}', what: 'an array as a telemetry value' },
  ]) {
    test(`${bad.what} goes to the dead letters as ${bad.reason}; a valid message right after it is stored`, EACH, async () => {
      const id = deviceId(`bad-${randomBytes(2).toString('hex')}`);
      const client = await connectDevice(id);
      await publishTelemetry(client, id, bad.payload);
      const at = Date.now() - 1000;
      const good = { at, payload: { cpu: 42, ts: at } };
      await publishTelemetry(client, id, good.payload);

      await eventually(`dead letter of ${id}`, async () => {
        const letters = await getJson(`/deadletters?deviceId=${enc(id)}&reason=${bad.reason}`);
        assert.equal(letters.items.length, 1, `dead letters: ${JSON.stringify(letters.items)}`);
        const [letter] = letters.items;
        assert.equal(letter.reason, bad.reason);
        assert.equal(letter.deviceId, id);
        assert.equal(letter.topic, `device/${id}/telemetry`);
        assert.equal(letter.source, 'mqtt');
        assert.equal(letter.payload, bad.payload);
        assert.equal(letter.payloadSize, Buffer.byteLength(bad.payload));
        assert.ok(letter.detail, 'the dead letter says what is wrong');
        if (bad.reason === 'SCHEMA_VIOLATION') {
          assert.match(letter.detail, /cpu/, 'the detail names the offending field');
        }
      });

      await eventually(`the valid message of ${id}`, async () => {
        assert.deepEqual(await storedSeries(id, [good]), { cpu: [[good.at, 42]] });
      });
    });
  }

  test('QoS 1 telemetry with an explicit ts that arrives twice (redelivery) is stored once', EACH, async () => {
    const id = deviceId('dup');
    const client = await connectDevice(id);
    const at = Date.now() - 5000;
    const payload = JSON.stringify({ cpu: 55, memory: 256, ts: at });
    const once = { cpu: [[at, 55]], memory: [[at, 256]] };

    await publishTelemetry(client, id, payload, { qos: 1 });
    await eventually(`first delivery of ${id}`, async () => {
      assert.deepEqual(await storedSeries(id, [{ at }]), once);
    });

    // The same message again, flagged as a redelivery. Every message after `resentAt` is this one, so once the
    // hub's last-seen time of the device reaches `resentAt`, the hub has handled the copy.
    const resentAt = Date.now();
    await publishTelemetry(client, id, payload, { qos: 1, dup: true });
    await eventually(`the copy of ${id} handled`, async () => {
      const status = await getJson(`/devices/${enc(id)}/status`);
      assert.ok(status.lastSeen && Date.parse(status.lastSeen) >= resentAt,
        `last seen ${status.lastSeen}, copy sent at ${iso(resentAt)}`);
    });

    assert.deepEqual(await storedSeries(id, [{ at }]), once, 'the copy added no value');
    const latest = await getJson(`/devices/${enc(id)}/telemetry/latest`);
    assert.equal(latest.values.cpu.value, 55);
    assert.equal(Date.parse(latest.values.cpu.ts), at);
  });
});
