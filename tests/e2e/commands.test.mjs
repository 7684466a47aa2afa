// End-to-end: the hub's command service against MQTT.js device simulators (simulator.mjs) that answer at once, late,
// never, with an error or twice, and that are offline while commands for them pile up. Commands are created and read
// through the HTTP API (POST /api/devices/{id}/commands, GET /api/commands/{id}, DELETE to cancel); what a device
// receives is recorded by its simulator; dropped responses are counted in caravan_commands_responses_total on the
// management port (MGMT_URL; without it those checks go through the API only).
//
// Configured by MQTT_URL, API_URL and MGMT_URL (see lib.mjs). Run: node --test tests/e2e/*.test.mjs

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import {
  EACH, MGMT, call, counter, deviceId, disconnectAll, enc, eventually, expectState, getJson, iso, postJson,
  registerDevice, throughout,
} from './lib.mjs';
import { SimulatedDevice, behaviours } from './simulator.mjs';

after(disconnectAll);

/**
 * How long to watch for something that must not happen (a delivery to an offline device, a send after success):
 * several of the hub's command sweeps (200 ms in the test profile, 500 ms by default) and its longest retry backoff
 * in the test profile (1 s).
 */
const QUIET_MS = 2_000;

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

/** POST /api/devices/{id}/commands; returns the whole answer (status, headers, body). */
async function createCommand(id, request, expected = [200, 202]) {
  return postJson(`/devices/${enc(id)}/commands`, request, expected);
}

/** Creates a command without waiting: 202, PENDING, with a Location to follow. Returns the command. */
async function submit(id, request) {
  const answer = await createCommand(id, request, [202]);
  const command = answer.body;
  assert.equal(command.deviceId, id);
  assert.equal(command.type, request.type);
  assert.equal(answer.headers.get('location'), `/api/commands/${command.commandId}`);
  return command;
}

const getCommand = (commandId) => getJson(`/commands/${enc(commandId)}`);

/** Waits until the command is in `state` (and `also` holds of it); returns it. */
async function expectCommand(commandId, state, also = () => true) {
  return eventually(`command ${commandId} ${state}`, async () => {
    const command = await getCommand(commandId);
    assert.equal(command.state, state, `state of ${commandId}; transitions ${JSON.stringify(command.transitions)}`);
    assert.ok(also(command), `${commandId}: ${JSON.stringify(command)}`);
    return command;
  });
}

const states = (command) => command.transitions.map((t) => t.state);

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The command's transitions are `expected` (their states, in order) and it made `attempts` attempts. */
function expectRecord(t, command, expected, attempts) {
  const trail = command.transitions.map((x) => `${x.state}@${x.at.slice(11)}`).join(' ');
  assert.deepEqual(states(command), expected, `${command.commandId}: ${trail}`);
  assert.equal(command.attempts, attempts, `${command.commandId}: attempts (${trail})`);
}

/** Each transition has a time and a detail; unless `timeOrder` is false, they are listed in time order. */
function assertTransitionsWellFormed(command, { timeOrder = true } = {}) {
  let previous = 0;
  for (const t of command.transitions) {
    const at = Date.parse(t.at);
    assert.ok(Number.isFinite(at), `a transition has a time: ${JSON.stringify(t)}`);
    assert.ok(!timeOrder || at >= previous, `transitions in time order: ${JSON.stringify(command.transitions)}`);
    assert.ok(t.detail, `every transition says why: ${JSON.stringify(t)}`);
    previous = at;
  }
}

/** A simulated device for one test: stopped when the test ends, so that none of its late answers outlive it. */
async function simulate(t, id, behaviour, options) {
  const device = await SimulatedDevice.start(id, behaviour, options);
  t.after(() => device.stop());
  return device;
}

/** A simulated device that is online in the hub's eyes before the test goes on. */
async function onlineDevice(t, name, behaviour) {
  const device = await simulate(t, deviceId(name), behaviour);
  await expectState(device.id, 'online');
  return device;
}

/** The hub's count of responses by outcome (applied, duplicate, unknown, wrong_device); null without MGMT_URL. */
const responses = (outcome) => counter('caravan_commands_responses_total', { outcome });

/**
 * Waits until the hub has received everything the device answered up to now: the device's last-seen time (every
 * inbound message counts, responses too) reaches the time its last answer was published. The hub records the sign of
 * life just before it matches the answer to its command, so checks of the outcome that follow may still poll.
 */
async function expectHandled(device) {
  const last = Math.max(...device.answers.map((a) => a.publishedAt));
  await eventually(`the answers of ${device.id} handled`, async () => {
    const status = await getJson(`/devices/${enc(device.id)}/status`);
    assert.ok(status.lastSeen && Date.parse(status.lastSeen) >= last,
      `last seen ${status.lastSeen}, last answer at ${new Date(last).toISOString()}`);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------------------------

describe('commands to MQTT.js device simulators', () => {
  test('a responsive device: wait:true answers 200 with SUCCEEDED, the device\'s result, one attempt', EACH, async (t) => {
    const device = await onlineDevice(t, 'responsive', behaviours.responsive(
      (command) => ({ applied: command.params.level, firmware: '1.0.0' })));

    const sentAt = Date.now();
    const answer = await createCommand(device.id,
      { type: 'SET_BRIGHTNESS', params: { level: 70 }, timeoutMs: 10_000, ttlMs: 60_000, retries: 0, wait: true });
    assert.equal(answer.status, 200, `wait:true on a responsive device: ${answer.text}`);
    const command = answer.body;
    assert.equal(command.state, 'SUCCEEDED');
    assert.deepEqual(command.result, { applied: 70, firmware: '1.0.0' });
    assert.equal(command.error, undefined);
    await expectRecord(t, command, ['PENDING', 'SENT', 'SUCCEEDED'], 1);
    assertTransitionsWellFormed(command);

    // what the device received: the canonical command, once
    assert.equal(device.deliveries.length, 1);
    const [{ command: received }] = device.deliveries;
    assert.deepEqual(Object.keys(received).sort(), ['commandId', 'expiresAt', 'params', 'type']);
    assert.equal(received.commandId, command.commandId);
    assert.equal(received.type, 'SET_BRIGHTNESS');
    assert.deepEqual(received.params, { level: 70 });
    assert.equal(Date.parse(received.expiresAt), Date.parse(command.expiresAt));
    assert.ok(Date.parse(received.expiresAt) >= sentAt + 60_000 - 1000, `expiresAt ${received.expiresAt}: ttl 60 s`);

    // GET shows the same outcome
    const shown = await getCommand(command.commandId);
    assert.equal(shown.state, 'SUCCEEDED');
    assert.deepEqual(shown.result, command.result);
    assert.equal(shown.completedAt, command.completedAt);
  });

  test('a device answering success:false: FAILED with its error code and message', EACH, async (t) => {
    const device = await onlineDevice(t, 'failing', behaviours.failing('UNSUPPORTED', 'no such mode: turbo'));

    const answer = await createCommand(device.id,
      { type: 'SET_MODE', params: { mode: 'turbo' }, timeoutMs: 10_000, retries: 2, wait: true });
    assert.equal(answer.status, 200, answer.text);
    const command = answer.body;
    assert.equal(command.state, 'FAILED');
    assert.deepEqual(command.error, { code: 'UNSUPPORTED', message: 'no such mode: turbo' });
    assert.equal(command.result, undefined);
    // a failure is an answer: not retried
    await expectRecord(t, command, ['PENDING', 'SENT', 'FAILED'], 1);
    assert.match(command.transitions.find((x) => x.state === 'FAILED').detail, /UNSUPPORTED/);
    assert.equal(device.deliveries.length, 1);
  });

  // timeoutMs 500, retries 2; the hub times out the first send 500 to 700 ms after it (sweep every 200 ms) and retries
  // 200 ms later at the next sweep. Answering after 800 ms, the device's late answer usually comes while the retry
  // waits for its backoff (still PENDING); after 1000 ms, usually while the retry is out (SENT again).
  for (const { delayMs, when } of [
    { delayMs: 800, when: 'while the retry waits' },
    { delayMs: 1000, when: 'while the retry is out' },
  ]) {
    test(`a slow device (answers after ${delayMs} ms, ${when}): its late answer is accepted, no send after the success`, EACH, async (t) => {
      const device = await onlineDevice(t, `slow-${delayMs}`, behaviours.slow(delayMs));

      const created = await submit(device.id, { type: 'RELOAD', timeoutMs: 500, retries: 2 });
      const command = await expectCommand(created.commandId, 'SUCCEEDED');
      // the hub committed the success before this moment: whatever the device receives later was sent after it
      const seenAt = Date.now();

      // the first send timed out and a retry was scheduled before the late answer came in
      assert.deepEqual(states(command).slice(0, 4), ['PENDING', 'SENT', 'TIMED_OUT', 'PENDING'],
        `transitions: ${JSON.stringify(command.transitions)}`);
      assert.equal(states(command).filter((s) => s === 'SUCCEEDED').length, 1);
      // not their times: when the retry goes out while the late answer is being applied, SENT is listed before
      // SUCCEEDED with a later time (a transition's time is its transaction's start; see tests/README.md)
      assertTransitionsWellFormed(command, { timeOrder: false });
      // the answer applied is the one to the first delivery: it comes first (an answer to a retry comes as late)
      assert.deepEqual(command.result, { delivery: 1 });

      // nothing is sent after the success was visible
      await throughout(`no delivery of ${created.commandId} after its success`, async () => {
        const late = device.deliveries.filter((d) => d.at > seenAt);
        assert.deepEqual(late.map((d) => d.delivery), [],
          `delivered after SUCCEEDED was shown at ${new Date(seenAt).toISOString()}`);
      }, { during: QUIET_MS });
      const deliveries = device.deliveriesOf(created.commandId);
      const final = await getCommand(created.commandId);
      assert.equal(final.state, 'SUCCEEDED');
      assert.deepEqual(final.result, { delivery: 1 }, 'the answer to the retry did not replace the first one');
      assert.ok(deliveries.length >= 1 && deliveries.length <= 2, `deliveries: ${deliveries.length}`);
      t.diagnostic(`slow device (${delayMs} ms): received the command ${deliveries.length} time(s), at`
        + ` ${deliveries.map((d) => iso(d.at).slice(11)).join(' ')}; transitions ${states(final).join(' → ')}`);

      // the hub recorded every send the device received, then the success
      const sends = ['PENDING', 'SENT', 'TIMED_OUT', 'PENDING', 'SENT'].slice(0, 3 + deliveries.length);
      await expectRecord(t, final, [...sends, 'SUCCEEDED'], deliveries.length);
    });
  }

  test('a device that never answers: sent 1 + retries times with the same commandId, then TIMED_OUT', EACH, async (t) => {
    const device = await onlineDevice(t, 'silent', behaviours.silent());
    const timeoutMs = 300;
    const retries = 2;

    // wait:true on a command that does not settle within its timeout: 202 with the command as it is
    const answer = await createCommand(device.id, { type: 'PING', timeoutMs, retries, wait: true });
    assert.equal(answer.status, 202, answer.text);
    const { commandId } = answer.body;
    assert.equal(answer.headers.get('location'), `/api/commands/${commandId}`);
    assert.ok(['PENDING', 'SENT'].includes(answer.body.state), `not settled yet: ${answer.body.state}`);

    // TIMED_OUT with its budget spent: the hub shows TIMED_OUT for a moment after each timeout too, before the retry
    // puts it back to PENDING (see tests/README.md)
    const command = await expectCommand(commandId, 'TIMED_OUT', (c) => c.attempts === 1 + retries);
    await expectRecord(t, command, [
      'PENDING', 'SENT', 'TIMED_OUT',
      'PENDING', 'SENT', 'TIMED_OUT',
      'PENDING', 'SENT', 'TIMED_OUT',
    ], 1 + retries);
    assertTransitionsWellFormed(command);
    const sent = command.transitions.filter((t) => t.state === 'SENT');
    sent.forEach((t, i) => assert.match(t.detail, new RegExp(`attempt ${i + 1}\\b`), JSON.stringify(t)));
    assert.equal(command.result, undefined);

    await throughout(`no send of ${commandId} after the last timeout`, () => {
      assert.equal(device.deliveries.length, 1 + retries, `deliveries: ${JSON.stringify(device.deliveries)}`);
    }, { during: QUIET_MS });
    for (const [i, d] of device.deliveries.entries()) {
      assert.equal(d.command.commandId, commandId);
      assert.equal(d.command.type, 'PING');
      assert.equal(d.delivery, i + 1);
      if (i > 0) {
        const gap = d.at - device.deliveries[i - 1].at;
        assert.ok(gap >= timeoutMs, `a retry only after the timeout: ${gap} ms between deliveries ${i} and ${i + 1}`);
      }
    }
  });

  test('a device that is offline: three commands wait as PENDING, then arrive in creation order when it comes online', EACH, async (t) => {
    const id = deviceId('offline');
    await registerDevice(id);
    // listens on the device's command topic: whatever the hub publishes there before the device is online shows here
    const ear = await SimulatedDevice.eavesdrop(id);
    t.after(() => ear.stop());

    const created = [];
    for (const [i, type] of ['RELOAD', 'SET_BRIGHTNESS', 'SHOW_MESSAGE'].entries()) {
      const command = await submit(id, { type, params: { step: i + 1 }, timeoutMs: 10_000 });
      assert.equal(command.state, 'PENDING');
      created.push(command.commandId);
    }

    await throughout('nothing sent to the offline device', async () => {
      assert.deepEqual(ear.deliveries, []);
      const pending = await getJson(`/devices/${enc(id)}/commands?state=PENDING`);
      assert.deepEqual(pending.items.map((c) => c.commandId).sort(), [...created].sort());
      assert.ok(pending.items.every((c) => c.attempts === 0));
    }, { during: QUIET_MS });

    const device = await simulate(t, id, behaviours.responsive());
    for (const commandId of created) {
      const command = await expectCommand(commandId, 'SUCCEEDED');
      await expectRecord(t, command, ['PENDING', 'SENT', 'SUCCEEDED'], 1);
    }
    assert.deepEqual(device.commandIds, created, 'received once each, in creation order');
    assert.deepEqual(device.deliveries.map((d) => d.command.params.step), [1, 2, 3]);
    assert.deepEqual(ear.commandIds, created, 'nothing before the device came online, then each once, in order');
    const listed = await getJson(`/devices/${enc(id)}/commands?state=SUCCEEDED`);
    assert.deepEqual(listed.items.map((c) => c.commandId), [...created].reverse(), 'newest first');
  });

  for (const variant of [
    { name: 'the same response twice', second: undefined },
    {
      name: 'a contradicting second response',
      second: (command) => ({ commandId: command.commandId, success: false, error: { code: 'LATE', message: 'again' } }),
    },
  ]) {
    test(`a device answering twice (${variant.name}): SUCCEEDED once with the first answer, the duplicate counted`, EACH, async (t) => {
      const device = await onlineDevice(t, `twice-${variant.second ? 'contra' : 'same'}`, behaviours.twice(variant.second));
      const duplicatesBefore = await responses('duplicate');
      const appliedBefore = await responses('applied');

      const answer = await createCommand(device.id, { type: 'RELOAD', timeoutMs: 10_000, retries: 1, wait: true });
      assert.equal(answer.status, 200, answer.text);
      const { commandId } = answer.body;

      await eventually(`both answers of ${device.id} sent`, () => assert.equal(device.answers.length, 2));
      await expectHandled(device);
      if (MGMT) {
        await eventually('the duplicate counted', async () => {
          assert.ok(await responses('duplicate') >= duplicatesBefore + 1,
            `caravan_commands_responses_total{outcome="duplicate"}: before ${duplicatesBefore}`);
        });
        // other scenarios may run at the same time, hence at least
        assert.ok(await responses('applied') >= appliedBefore + 1);
      } else {
        t.diagnostic('MGMT_URL not set: the duplicate counter is not checked');
      }

      const command = await getCommand(commandId);
      assert.equal(command.state, 'SUCCEEDED');
      assert.deepEqual(command.result, { answer: 1, done: 'RELOAD' });
      assert.equal(command.error, undefined);
      await expectRecord(t, command, ['PENDING', 'SENT', 'SUCCEEDED'], 1);
      assert.equal(device.deliveries.length, 1);
    });
  }

  test('a response to an unknown command or from another device is counted and dropped', EACH, async (t) => {
    const target = await onlineDevice(t, 'stray-target', behaviours.silent());
    const other = await onlineDevice(t, 'stray-other', behaviours.silent());
    const before = { unknown: await responses('unknown'), wrong: await responses('wrong_device') };

    const created = await submit(target.id, { type: 'RELOAD', timeoutMs: 30_000, retries: 0 });
    await eventually('the command delivered', () => assert.equal(target.deliveries.length, 1));
    await other.respond({ commandId: created.commandId, success: true, result: { from: 'the other device' } });
    await other.respond({ commandId: `${created.commandId}-unknown`, success: true, result: {} });
    await expectHandled(other);
    if (MGMT) {
      await eventually('the strays counted', async () => {
        assert.ok(await responses('wrong_device') >= before.wrong + 1, 'wrong_device counted');
        assert.ok(await responses('unknown') >= before.unknown + 1, 'unknown counted');
      });
    } else {
      t.diagnostic('MGMT_URL not set: the counters are not checked');
    }
    assert.equal((await getCommand(created.commandId)).state, 'SENT', 'another device\'s answer is not applied');

    await target.respond({ commandId: created.commandId, success: true, result: { from: 'the target' } });
    const command = await expectCommand(created.commandId, 'SUCCEEDED');
    assert.deepEqual(command.result, { from: 'the target' });
  });

  test('a command whose ttlMs runs out while the device is offline: EXPIRED, dead-lettered, never delivered', EACH, async (t) => {
    const id = deviceId('expiry');
    await registerDevice(id);
    const created = await submit(id, { type: 'RELOAD', params: { soon: true }, ttlMs: 500 });

    const command = await expectCommand(created.commandId, 'EXPIRED');
    assert.deepEqual(states(command), ['PENDING', 'EXPIRED']);
    assert.equal(command.attempts, 0);
    assert.ok(Date.parse(command.transitions[1].at) >= Date.parse(command.expiresAt),
      `expired at ${command.transitions[1].at}, time to live until ${command.expiresAt}`);

    const letter = await eventually(`dead letter of ${created.commandId}`, async () => {
      const letters = await getJson(`/deadletters?reason=COMMAND_EXPIRED&deviceId=${enc(id)}`);
      assert.equal(letters.items.length, 1, `dead letters: ${JSON.stringify(letters.items)}`);
      return letters.items[0];
    });
    assert.equal(letter.reason, 'COMMAND_EXPIRED');
    assert.equal(letter.deviceId, id);
    assert.equal(letter.topic, `device/${id}/command`);
    assert.match(letter.detail, new RegExp(created.commandId));
    assert.equal(JSON.parse(letter.payload).commandId, created.commandId);

    // the device comes online: a command created after the expired one arrives, the expired one never does
    const device = await simulate(t, id, behaviours.responsive());
    const next = await submit(id, { type: 'PING', timeoutMs: 10_000 });
    await expectCommand(next.commandId, 'SUCCEEDED');
    assert.deepEqual(device.commandIds, [next.commandId]);
    assert.equal((await getCommand(created.commandId)).state, 'EXPIRED');
  });

  test('cancel: a PENDING command cancelled while the device is offline is never delivered; a settled one answers 409', EACH, async (t) => {
    // connected and subscribed, but its status says offline: the hub must not send to it
    const id = deviceId('cancel');
    const device = await simulate(t, id, behaviours.responsive());
    await expectState(id, 'online');
    await device.goOffline();
    await expectState(id, 'offline');

    const doomed = await submit(id, { type: 'FACTORY_RESET', timeoutMs: 10_000 });
    const cancelled = await call('DELETE', `/commands/${enc(doomed.commandId)}`);
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body.state, 'CANCELLED');
    assert.deepEqual(states(cancelled.body), ['PENDING', 'CANCELLED']);
    const again = await call('DELETE', `/commands/${enc(doomed.commandId)}`);
    assert.equal(again.status, 409, `cancelling a cancelled command: ${again.text}`);

    const kept = await submit(id, { type: 'RELOAD', timeoutMs: 10_000 });
    await throughout('nothing sent while the device is offline', () => assert.deepEqual(device.deliveries, []),
      { during: QUIET_MS });

    await device.goOnline();
    await expectCommand(kept.commandId, 'SUCCEEDED');
    assert.deepEqual(device.commandIds, [kept.commandId], 'the cancelled command was never delivered');
    assert.equal((await getCommand(doomed.commandId)).state, 'CANCELLED');

    const late = await call('DELETE', `/commands/${enc(kept.commandId)}`);
    assert.equal(late.status, 409, `cancelling a SUCCEEDED command: ${late.text}`);
    assert.equal((await getCommand(kept.commandId)).state, 'SUCCEEDED');
    const unknown = await call('DELETE', `/commands/${enc(`${kept.commandId}-nope`)}`);
    assert.equal(unknown.status, 404, unknown.text);
  });
});
