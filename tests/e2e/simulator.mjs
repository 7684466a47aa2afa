// A device simulator for the command scenarios: an MQTT.js client over MQTT 5 that speaks the canonical device
// protocol (docs/protocol.md). It connects with the canonical Last Will, subscribes to device/{id}/command at QoS 1,
// announces itself with a retained status, records every command delivery, and answers on device/{id}/response as
// its behaviour says: at once, late, never, with an error, or twice.

import { connectDevice, publishStatus } from './lib.mjs';

/**
 * A behaviour maps one delivery of a command to the answers the device sends for it: a list of
 * `{ after: ms, response }`, published in order, each `after` ms after the delivery arrived (an empty list: no answer).
 * `delivery` is 1 for the first time this commandId arrives, 2 for the second...
 */
export const behaviours = {
  /** Answers at once with success and `result(command)`: by default the command's type and params echoed back. */
  responsive: (result = (command) => ({ done: command.type, params: command.params })) =>
    (command) => [{ after: 0, response: success(command, result(command)) }],

  /** Answers at once with success: false and the error. */
  failing: (code, message) => (command) => [{
    after: 0,
    response: { commandId: command.commandId, success: false, error: { code, message } },
  }],

  /** Answers every delivery `delayMs` late; the result says which delivery it answers. */
  slow: (delayMs) => (command, delivery) => [{ after: delayMs, response: success(command, { delivery }) }],

  /** Never answers. */
  silent: () => () => [],

  /**
   * Answers every command twice, one answer right after the other: the same response both times, or `second(command)`
   * as the second answer.
   */
  twice: (second) => (command) => {
    const first = success(command, { answer: 1, done: command.type });
    return [{ after: 0, response: first }, { after: 0, response: second ? second(command) : first }];
  },
};

function success(command, result) {
  return { commandId: command.commandId, success: true, result };
}

export class SimulatedDevice {
  /**
   * Connects a device, subscribes to its command topic and, unless `online` is false, announces it online with its
   * retained status. `behaviour` is one of `behaviours`.
   */
  static async start(id, behaviour, { online = true } = {}) {
    const device = new SimulatedDevice(id, behaviour);
    await device.#connect();
    if (online) {
      await device.goOnline();
    }
    return device;
  }

  /**
   * Only listens on a device's command topic, under another client id: it shows what the hub publishes to a device
   * that is not connected (nothing, it should be). Never answers, never announces a status.
   */
  static async eavesdrop(id) {
    const device = new SimulatedDevice(id, behaviours.silent());
    await device.#connect(`${id}-eavesdropper`, false);
    return device;
  }

  /** Every command delivery, in arrival order: `{ at, command, delivery, dup }` (`delivery`: see behaviours). */
  deliveries = [];
  /** Every answer sent: `{ publishedAt, at, response }`, `at` once the broker acknowledged it. */
  answers = [];

  #client;
  #timers = new Set();
  #answering = Promise.resolve();

  constructor(id, behaviour) {
    this.id = id;
    this.behaviour = behaviour;
  }

  async #connect(clientId = this.id, withWill = true) {
    this.#client = await connectDevice(this.id, undefined, { clientId, will: withWill });
    this.#client.on('message', (topic, payload, packet) => this.#onMessage(topic, payload, packet));
    const [grant] = await this.#client.subscribeAsync(`device/${this.id}/command`, { qos: 1 });
    if (grant.qos !== 1) {
      throw new Error(`${this.id}: the broker granted QoS ${grant.qos} on the command topic, not 1`);
    }
  }

  /** The retained status online, with a version and an address (the hub sends due commands once it sees it). */
  goOnline() {
    return publishStatus(this.#client, this.id, { state: 'online', version: '1.0.0', ip: '192.0.2.77' });
  }

  /** The retained status offline, while staying connected and subscribed (a device going to sleep, say). */
  goOffline() {
    return publishStatus(this.#client, this.id, { state: 'offline' });
  }

  /** The deliveries of one command. */
  deliveriesOf(commandId) {
    return this.deliveries.filter((d) => d.command.commandId === commandId);
  }

  /** The commandIds received, in arrival order. */
  get commandIds() {
    return this.deliveries.map((d) => d.command.commandId);
  }

  /** Publishes something on its response topic as it is (for answers no behaviour gives). */
  respond(response) {
    return this.#send(response);
  }

  /** Stops answering (pending late answers are dropped) and disconnects. */
  async stop() {
    for (const timer of this.#timers) {
      clearTimeout(timer);
      timer.cancel();
    }
    this.#timers.clear();
    await this.#answering;
    await this.#client.endAsync();
  }

  #onMessage(topic, payload, packet) {
    if (topic !== `device/${this.id}/command`) {
      return;
    }
    const at = Date.now();
    let command;
    try {
      command = JSON.parse(payload.toString('utf8'));
    } catch {
      command = { invalid: payload.toString('utf8') };
    }
    const delivery = this.deliveriesOf(command.commandId).length + 1;
    this.deliveries.push({ at, command, delivery, dup: Boolean(packet.dup) });
    const answers = command.commandId ? this.behaviour(command, delivery) : [];
    this.#schedule(answers);
  }

  /** Sends the answers in order; each waits for its delay and for the previous one's PUBACK. */
  #schedule(answers) {
    const start = Date.now();
    for (const { after, response } of answers) {
      const due = this.#answering.then(() => this.#wait(start + after - Date.now()));
      this.#answering = due.then((go) => (go ? this.#send(response) : undefined)).catch(() => undefined);
    }
  }

  /** Resolves true after `ms`, or false when the device stops first. */
  #wait(ms) {
    if (ms <= 0) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve(true);
      }, ms);
      timer.cancel = () => resolve(false);
      this.#timers.add(timer);
    });
  }

  async #send(response) {
    const publishedAt = Date.now();
    await this.#client.publishAsync(`device/${this.id}/response`, JSON.stringify(response), { qos: 1 });
    this.answers.push({ publishedAt, at: Date.now(), response });
  }
}
