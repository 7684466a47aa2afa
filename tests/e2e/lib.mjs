// Shared helpers of the e2e scenarios (tests/e2e/*.test.mjs): the environment, polling until a deadline, the hub's
// HTTP API and MQTT 5 device connections. Not a test file itself (node --test runs *.test.mjs only).
//
//   MQTT_URL     the broker, e.g. mqtt://localhost:1883 (tcp:// is accepted too)
//   MQTT_WS_URL  MQTT over WebSockets, e.g. ws://localhost:9001/mqtt
//   API_URL      the hub's HTTP API, e.g. http://localhost:8080 (a trailing /api is accepted)
//   MGMT_URL     optional: the management port, e.g. http://localhost:8081, for /actuator/prometheus
//   E2E_PATIENCE_MS  optional: how long each check waits for the hub, default 30000

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import mqtt from 'mqtt';

export const MQTT_URL = required('MQTT_URL');
export const MQTT_WS_URL = required('MQTT_WS_URL');
export const API = required('API_URL').replace(/\/+$/, '').replace(/\/api$/, '') + '/api';
/** The API key the suite calls the API with (an admin key: it registers devices and sends commands). */
const API_KEY = required('API_KEY');
/** The management port's base URL, or null when not given (checks on metrics are then skipped). */
export const MGMT = process.env.MGMT_URL ? process.env.MGMT_URL.replace(/\/+$/, '') : null;
const MGMT_LOGIN = `${process.env.MGMT_USER ?? 'admin'}:${process.env.MGMT_PASSWORD ?? 'caravan'}`;

/** How long a check waits for the hub to show what was sent. */
export const PATIENCE_MS = Number(process.env.E2E_PATIENCE_MS ?? 30_000);
/** Each test's own limit: a few waits of PATIENCE_MS. */
export const EACH = { timeout: PATIENCE_MS * 3 };

/** Unique per run, so that runs against a long-lived hub never see each other's devices. */
export const RUN = `e2e-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
export const deviceId = (name) => `${RUN}-${name}`;

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the e2e suite needs MQTT_URL, MQTT_WS_URL, API_URL and API_KEY (see tests/README.md)`);
  }
  return value;
}

export const enc = encodeURIComponent;
export const iso = (ms) => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------------------------
// Waiting
// ---------------------------------------------------------------------------------------------------------------

/**
 * Runs `probe` until it returns without throwing (its assertions hold) or the deadline passes; then fails with
 * the probe's last error. Returns what the probe returned.
 */
export async function eventually(what, probe, { timeout = PATIENCE_MS, interval = 150 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() >= deadline) {
        throw new Error(`${what}: still failing after ${timeout} ms: ${error.message}`, { cause: error });
      }
    }
    await delay(interval);
  }
}

/**
 * The opposite of `eventually`, for things that must not happen: runs `probe` repeatedly for `during` ms and fails
 * at the first run that throws. Only for absences that have no positive signal to wait for; keep `during` to a few
 * of the hub's sweep intervals.
 */
export async function throughout(what, probe, { during, interval = 100 }) {
  const end = Date.now() + during;
  for (;;) {
    try {
      await probe();
    } catch (error) {
      throw new Error(`${what}: failed within ${during} ms: ${error.message}`, { cause: error });
    }
    if (Date.now() >= end) {
      return;
    }
    await delay(interval);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The HTTP API
// ---------------------------------------------------------------------------------------------------------------

/** Any request to the API: the status, the headers and the body (parsed when it is JSON). */
export async function call(method, path, body) {
  const response = await fetch(API + path, {
    method,
    headers: {
      Accept: 'application/json',
      'X-API-Key': API_KEY,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: json };
}

/** GET on the API; returns the parsed JSON of a 200 answer, fails on any other status. */
export async function getJson(path) {
  const { status, text, body } = await call('GET', path);
  assert.equal(status, 200, `GET ${path} answered ${status}: ${text}`);
  return body;
}

/** POST on the API; returns the parsed JSON, failing unless the status is one of `expected`. */
export async function postJson(path, payload, expected = [200, 201, 202]) {
  const answer = await call('POST', path, payload);
  assert.ok(expected.includes(answer.status), `POST ${path} answered ${answer.status}: ${answer.text}`);
  return answer;
}

/** Registers a device through the API, as an operator would before it ever connects. */
export async function registerDevice(id, type = 'e2e-device') {
  await postJson('/devices', { id, type, protocol: 'mqtt' }, [201]);
}

/**
 * A counter from /actuator/prometheus on the management port, summed over the series whose labels include
 * `labels`; 0 when the hub has not counted anything yet. Null when MGMT_URL is not set.
 */
export async function counter(name, labels = {}) {
  if (!MGMT) {
    return null;
  }
  const response = await fetch(`${MGMT}/actuator/prometheus`, {
    headers: { Authorization: `Basic ${Buffer.from(MGMT_LOGIN).toString('base64')}` },
  });
  const text = await response.text();
  assert.equal(response.status, 200, `GET ${MGMT}/actuator/prometheus answered ${response.status}`);
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) {
      continue;
    }
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)]
      .map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) {
      total += Number(match[3]);
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// MQTT devices
// ---------------------------------------------------------------------------------------------------------------

const clients = new Set();

/** Ends every connection opened through `connectDevice`; for the test file's `after` hook. */
export async function disconnectAll() {
  await Promise.allSettled([...clients].map((client) => client.endAsync()));
  clients.clear();
}

/**
 * Connects an MQTT 5 device with the canonical Last Will ({"state":"offline"}, retained, QoS 1 on its status topic),
 * unless `will` is false. No automatic reconnect: a test that cuts the connection wants it to stay cut.
 */
export async function connectDevice(id, url = MQTT_URL, { clientId = id, will = true } = {}) {
  const client = await mqtt.connectAsync(url, {
    protocolVersion: 5,
    clientId,
    clean: true,
    keepalive: 30,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    will: will ? {
      topic: `device/${id}/status`,
      payload: Buffer.from(JSON.stringify({ state: 'offline' })),
      qos: 1,
      retain: true,
    } : undefined,
  });
  clients.add(client);
  client.once('end', () => clients.delete(client));
  return client;
}

export function publishStatus(client, id, status) {
  return client.publishAsync(`device/${id}/status`, JSON.stringify(status), { qos: 1, retain: true });
}

export function publishTelemetry(client, id, payload, options = { qos: 1 }) {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return client.publishAsync(`device/${id}/telemetry`, text, options);
}

/** Waits until the API shows the device in `state` (online, offline, unknown). */
export async function expectState(id, state) {
  return eventually(`${id} ${state}`, async () => {
    const shown = await getJson(`/devices/${enc(id)}/status`);
    assert.equal(shown.state, state);
    return shown;
  });
}
