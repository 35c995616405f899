import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { eventTypes, type EventType, type NewEvent } from '../../firmware-bridge/kernel/events.js';
import { startEmbeddedBroker } from '../../firmware-bridge/telemetry/embedded-broker.js';
import { createSite, type SimulatedSite } from '../../scripts/site-simulator.js';
import { consume, type Consumer } from '../fixtures/mosquitto-consumer.js';
import { waitFor } from '../fixtures/wait.js';
import { startMosquitto } from '../fixtures/mosquitto.js';

/** One plausible payload per event type, with personal data where a careless feature might put it. */
function sampleEvent(type: EventType): NewEvent {
  const base: Record<string, unknown> = { ticketId: 't-1', number: 'A001', service: 'consult', counter: '1', staff: '001' };
  const extra: Partial<Record<EventType, Record<string, unknown>>> = {
    'ticket.issued': { day: '2026-11-24', priority: 0, hasContact: true, phone: '13812345678' },
    'rating.recorded': { ratingId: 'r-1', score: 'satisfied' },
    'key.handed_out': { keyId: 'L001', card: 'M0001', holderName: '王小明', signature: 'sig-bytes' },
    'key.returned': { keyId: 'L001', card: 'M0001' },
    'followup.closed': { followupId: 'f-1', outcome: 'reached', note: '王小明说很满意 13812345678' },
    'member.imported': { count: 2, members: [{ card: 'M0001', name: '王小明', phone: '13812345678' }] },
  };
  // Deliberately off-contract payloads: telemetry must scrub whatever reaches the log.
  return { type, payload: { ...base, ...extra[type] } } as unknown as NewEvent;
}

interface BrokerUnderTest {
  url: string;
  close(): Promise<void>;
}

function contractSuite(name: string, startBroker: () => Promise<BrokerUnderTest>) {
  const it = suite(`telemetry contract on ${name}`);
  const prefix = 'contract';
  const base = `${prefix}/hall-1`;
  let broker: BrokerUnderTest;
  let site: SimulatedSite | undefined;
  const consumers: Consumer[] = [];

  it.before.each(async () => {
    broker = await startBroker();
  });
  it.after.each(async () => {
    for (const c of consumers.splice(0)) await c.close();
    await site?.close();
    site = undefined;
    await broker.close();
  });

  it('every topic of docs/mqtt.md appears with its retain flag, QoS and payload shape', async () => {
    const live = await consume(broker.url, `${base}/#`);
    consumers.push(live);
    site = createSite({
      brokerUrl: broker.url,
      siteId: 'hall-1',
      mqtt: { topicPrefix: prefix, homeAssistant: { enabled: true, discoveryPrefix: 'ha-test' } },
      telemetry: { stateCoalesceMs: 20 },
    });
    await site.start();
    await waitFor(() => site!.telemetry.connected, 'the publisher to connect');
    const committed = eventTypes.flatMap((type) => site!.commit([sampleEvent(type)]));

    // Events: one QoS 1 message per event on …/event/{type}, carrying {id, seq, type, at, …payload}.
    await waitFor(() => live.events().length === eventTypes.length, 'one message per event type');
    const events = live.events();
    assert.equal(events.map((e) => e.id), committed.map((e) => e.id), 'in commit order, ids from the event log');
    for (const [i, e] of events.entries()) {
      const message = live.messages.find((m) => m.payload.id === e.id)!;
      assert.is(message.topic, `${base}/event/${committed[i].type}`);
      assert.is(message.qos, 1, `${message.topic} QoS`);
      assert.is(message.retain, false);
      assert.equal({ seq: e.seq, type: e.type, at: e.at }, { seq: committed[i].seq, type: committed[i].type, at: committed[i].at });
    }
    assert.is(live.on(`${base}/event/ticket.issued`)[0].payload.number, 'A001');

    // Retained state follows the commits (coalesced), device changes follow the device.
    await waitFor(() => live.on(`${base}/satisfaction/today`).some((m) => m.payload.satisfied === 1), 'satisfaction recomputed after the commit');
    site.printer.set('fault', 'paper out');
    await waitFor(() => live.on(`${base}/device/printer`).some((m) => m.payload.state === 'fault'), 'the printer fault');

    // A manager connecting later gets every retained topic at once, and no event (those are not retained).
    const late = await consume(broker.url, `${base}/#`);
    consumers.push(late);
    await waitFor(() => late.messages.length >= 7, 'the retained topics');
    const retained = (topic: string) => {
      const m = late.on(`${base}/${topic}`).at(-1);
      assert.ok(m, `${topic} is retained`);
      assert.is(m.retain, true, `${topic} retain flag`);
      assert.is(m.qos, 1, `${topic} QoS`);
      return m.payload;
    };
    const status = retained('status');
    assert.is(status.state, 'online');
    assert.is(status.version, 'sim');
    assert.ok(!Number.isNaN(Date.parse(String(status.startedAt))));
    const queue = retained('queue') as { services: { id: string; waiting: number }[]; counters: unknown[]; recentCalls: unknown[] };
    assert.equal(queue.services.map((s) => s.id), ['consult', 'business']);
    assert.ok(Array.isArray(queue.counters) && Array.isArray(queue.recentCalls));
    assert.equal(Object.keys(retained('satisfaction/today')).sort(), ['average', 'followUpsOpen', 'followUpsOverdue', 'rate', 'satisfied', 'unsatisfied']);
    assert.equal(retained('keys'), { out: 0, overdue: 0 });
    assert.equal(Object.keys(retained('audio')).sort(), ['mode', 'playlist', 'volume']);
    const printer = retained('device/printer');
    assert.equal({ kind: printer.kind, state: printer.state, detail: printer.detail }, { kind: 'printer', state: 'fault', detail: 'paper out' });
    assert.ok(!Number.isNaN(Date.parse(String(printer.since))));
    assert.equal({ kind: retained('device/mqtt').kind, state: retained('device/mqtt').state }, { kind: 'mqtt', state: 'ok' });
    assert.is(late.messages.filter((m) => m.topic.includes('/event/')).length, 0, 'events are not retained');

    // Nothing personal went out, on any topic.
    const everything = JSON.stringify(live.messages);
    for (const secret of ['13812345678', 'M0001', '王小明', 'sig-bytes']) assert.not.ok(everything.includes(secret), `"${secret}" was published`);

    // Home Assistant discovery, with availability on …/status.
    const ha = await consume(broker.url, 'ha-test/sensor/#');
    consumers.push(ha);
    await waitFor(() => ha.messages.length >= 5, 'the discovery configs');
    const ids = ha.messages.map((m) => String(m.payload.unique_id)).sort();
    assert.equal(ids, ['frontdesk_hall_1_keys_out', 'frontdesk_hall_1_printer_printer', 'frontdesk_hall_1_queue_business', 'frontdesk_hall_1_queue_consult', 'frontdesk_hall_1_satisfaction_rate']);
    for (const m of ha.messages) {
      assert.is(m.retain, true);
      assert.is(m.payload.availability_topic, `${base}/status`);
    }
  });

  it('a clean stop publishes status offline, retained', async () => {
    site = createSite({ brokerUrl: broker.url, siteId: 'hall-1', mqtt: { topicPrefix: prefix } });
    await site.start();
    await waitFor(() => site!.telemetry.connected, 'the publisher to connect');
    await site.close();
    site = undefined;
    const late = await consume(broker.url, `${base}/status`);
    consumers.push(late);
    await waitFor(() => late.messages.length > 0, 'the retained status');
    assert.is(late.messages[0].payload.state, 'offline');
    assert.is(late.messages[0].retain, true);
  });

  return it;
}

contractSuite('Mosquitto', () => startMosquitto()).run();
contractSuite('the embedded aedes broker', () => startEmbeddedBroker(0)).run();
