import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { isEventOf } from '../../firmware-bridge/kernel/events.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import type { OutputView } from '../../firmware-bridge/contract.js';
import { FirmataBoard } from '../fixtures/firmata-board.js';
import { waitFor } from '../fixtures/wait.js';
import { createFeatures } from '../../firmware-bridge/desk.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/**
 * Timed outputs end to end: the service on a fake clock, the relays on Firmata boards on ptys. The
 * air conditioning (active-low relay on pin 7) shares the button panel's board and its board
 * process; the sign (pin 8) has a board of its own. Pin levels are stamped with the fake clock as
 * the board receives them, so "at the planned instant" is checked, not assumed.
 */
const AIRCON_PIN = 7;
const SIGN_PIN = 8;
const clock = new FakeClock('2026-07-15T17:00:00+08:00'); // a summer Wednesday
const local = (time: string) => Date.parse(`2026-07-15T${time}+08:00`);
let panelBoard: FirmataBoard;
let signBoard: FirmataBoard;
let loaded: ReturnType<typeof testLoadedConfig>;
let app: RunningApp;
let auth: { authorization: string };

const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { open: '09:30', close: '22:00' }]));
/** Lets board bytes and IPC messages arrive, so a write that should not happen would be seen. */
const settle = () => new Promise((r) => setTimeout(r, 400));
const outputsNow = async (): Promise<OutputView[]> => (await app.http.inject({ method: 'GET', url: '/api/outputs', headers: auth })).json().outputs;
const outputEvents = () => app.store.readAfter(0, 10_000).filter((e) => e.type === 'output.changed');
/** Moves the fake clock on while waiting, so back-off timers on it fire. */
async function waitWhileTicking(check: () => boolean, what: string): Promise<void> {
  await waitFor(
    () => {
      clock.advance(250);
      return check();
    },
    what,
    { timeoutMs: 20_000 },
  );
}

test.before(async () => {
  panelBoard = await FirmataBoard.plugged(() => clock.now());
  signBoard = await FirmataBoard.plugged(() => clock.now());
  loaded = testLoadedConfig({
    hours: { weekly: week, holidays: [] },
    devices: { printer: 'sim', panels: [{ kind: 'johnny-five', port: panelBoard.path, counter: '1' }] },
    outputs: {
      switches: [
        {
          id: 'aircon',
          name: { zh: '空调', en: 'Air conditioning' },
          port: panelBoard.path,
          pin: AIRCON_PIN,
          activeLow: true,
          offWhenLastMemberLeft: true,
          plan: { summer: { on: '18:00', off: 'closing' }, winter: { on: '18:00', off: 'closing' } },
        },
        { id: 'sign', name: { zh: '招牌灯', en: 'Sign' }, port: signBoard.path, pin: SIGN_PIN, plan: { summer: { on: 'opening', off: '21:00' } } },
      ],
    },
  });
  app = await startApp(loaded, { clock, log: silentLogger, features: createFeatures() });
  const token = (await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff: '001', pin: '1234' } })).json().token;
  auth = { authorization: `Bearer ${token}` };
});

test.after(async () => {
  await app?.close();
  await panelBoard?.close();
  await signBoard?.close();
  loaded?.cleanup();
});

test('at start each relay gets the state the plan gives for now: aircon off (pin HIGH, active-low), sign on', async () => {
  await waitFor(() => app.devices.get('panel')?.status.state === 'ok' && app.devices.get('output-sign')?.status.state === 'ok', 'both boards ready', { timeoutMs: 20_000 });
  await waitFor(() => panelBoard.responder.output(AIRCON_PIN) === 1 && signBoard.responder.output(SIGN_PIN) === 1, 'the start levels');
  assert.is(panelBoard.responder.pinModes.get(AIRCON_PIN), 1, 'pin 7 is an output of the panel board');
  assert.equal(panelBoard.responder.changesOf(AIRCON_PIN).map((c) => c.value), [1], 'never pulled LOW (on) on the way');
  const health = (await app.http.inject({ method: 'GET', url: '/api/health' })).json();
  assert.equal([health.devices['output-aircon'].kind, health.devices['output-aircon'].state], ['output', 'ok']);
  assert.match(health.devices['output-aircon'].detail, /关 off/);
  assert.match(health.devices['output-sign'].detail, /开 on/);
});

test('the air conditioning comes on at 18:00 exactly, not a second before', async () => {
  clock.set(local('17:59:59'));
  await settle();
  assert.is(panelBoard.responder.output(AIRCON_PIN), 1, 'still off at 17:59:59');
  clock.set(local('18:00:00'));
  await waitFor(() => panelBoard.responder.output(AIRCON_PIN) === 0, 'the relay pulled in');
  assert.equal(panelBoard.responder.changesOf(AIRCON_PIN).at(-1), { pin: AIRCON_PIN, value: 0, at: local('18:00:00') });
  const event = outputEvents().at(-1)!;
  assert.equal(event.payload, { output: 'aircon', state: 'on', mode: 'auto', reason: 'plan', until: null });
  assert.is(event.at, new Date(local('18:00:00')).toISOString());
});

test('staff override: off until the next planned switch, back to the plan with auto; bad input changes nothing', async () => {
  clock.set(local('19:30'));
  const before = app.store.lastSeq();
  const bad = await app.http.inject({ method: 'POST', url: '/api/outputs/aircon', headers: auth, payload: { state: 'cold' } });
  assert.is(bad.statusCode, 400);
  assert.is(bad.json().error.code, 'invalid_field');
  assert.match(bad.json().error.message, / · /);
  const unknown = await app.http.inject({ method: 'POST', url: '/api/outputs/heater', headers: auth, payload: { state: 'on' } });
  assert.equal([unknown.statusCode, unknown.json().error.code], [404, 'unknown_output']);
  assert.match(unknown.json().error.message, /没有.*There is no output "heater"/);
  assert.is((await app.http.inject({ method: 'POST', url: '/api/outputs/aircon', payload: { state: 'off' } })).statusCode, 401);
  assert.is(app.store.lastSeq(), before, 'refused requests record nothing');
  await settle();
  assert.is(panelBoard.responder.output(AIRCON_PIN), 0, 'and switch nothing');

  const off = await app.http.inject({ method: 'POST', url: '/api/outputs/aircon', headers: auth, payload: { state: 'off' } });
  assert.is(off.statusCode, 200);
  const view: OutputView = off.json().output;
  assert.equal([view.state, view.mode, view.reason, view.untilLastMemberLeaves], ['off', 'off', 'manual', true]);
  await waitFor(() => panelBoard.responder.output(AIRCON_PIN) === 1, 'relay released by the override');
  assert.equal(outputEvents().at(-1)!.payload, { output: 'aircon', state: 'off', mode: 'off', reason: 'manual', until: '2026-07-16T00:00:00+08:00', staff: '001' });
  // The override survives the plan's ticks.
  clock.set(local('20:00'));
  await settle();
  assert.is(panelBoard.responder.output(AIRCON_PIN), 1);

  const auto = await app.http.inject({ method: 'POST', url: '/api/outputs/aircon', headers: auth, payload: { state: 'auto' } });
  assert.equal([auto.json().output.state, auto.json().output.mode], ['on', 'auto']);
  await waitFor(() => panelBoard.responder.output(AIRCON_PIN) === 0, 'back on with the plan');
});

test('after closing it stays on while a member wrist key is out, and goes off when the last one comes back', async () => {
  clock.set(local('21:00'));
  const handout = await app.http.inject({ method: 'POST', url: '/api/keys/L001/handout', headers: auth, payload: { card: 'M0001' } });
  assert.is(handout.statusCode, 201, handout.body);
  await waitFor(() => signBoard.responder.output(SIGN_PIN) === 0, 'the sign off at 21:00');
  assert.equal(signBoard.responder.changesOf(SIGN_PIN).at(-1)!.at, local('21:00'));

  clock.set(local('22:00'));
  await settle();
  assert.is(panelBoard.responder.output(AIRCON_PIN), 0, 'still on: a member is in');
  const [aircon] = await outputsNow();
  assert.equal([aircon.state, aircon.offWhenLastMemberLeft, aircon.switches.map((s) => s.at.slice(11, 16))], ['on', true, ['18:00']]);

  clock.set(local('22:17'));
  const back = await app.http.inject({ method: 'POST', url: '/api/keys/L001/return', headers: auth, payload: {} });
  assert.is(back.statusCode, 200, back.body);
  await waitFor(() => panelBoard.responder.output(AIRCON_PIN) === 1, 'off once the last member left');
  assert.equal(panelBoard.responder.changesOf(AIRCON_PIN).at(-1)!.at, local('22:17'));
  assert.equal(outputEvents().at(-1)!.payload, { output: 'aircon', state: 'off', mode: 'auto', reason: 'last_member_left', until: null });
  const [after] = await outputsNow();
  assert.equal(after.switches.map((s) => `${s.at.slice(11, 16)} ${s.state} ${s.reason}`), ['18:00 on plan', '22:17 off last_member_left']);
});

test('an unplugged board shows its outputs offline in health; replugged, the held level is written again', async () => {
  const signBefore = signBoard.responder;
  await signBoard.unplug();
  await waitFor(() => app.devices.get('output-sign')?.status.state === 'offline', 'the sign offline');
  const health = (await app.http.inject({ method: 'GET', url: '/api/health' })).json();
  assert.is(health.status, 'degraded');
  assert.is(health.devices['output-sign'].state, 'offline');
  assert.match(health.devices['output-sign'].detail, /pin 8/);
  assert.is(health.devices['output-aircon'].state, 'ok', 'the other board is not affected');
  assert.is((await outputsNow()).find((o) => o.id === 'sign')!.board.state, 'offline');

  await signBoard.replug();
  await waitWhileTicking(() => app.devices.get('output-sign')?.status.state === 'ok', 'the sign board back');
  assert.ok(signBoard.responder !== signBefore, 'a new board');
  await waitFor(() => signBoard.responder.pinModes.get(SIGN_PIN) === 1, 'pin 8 an output again');
  assert.is(signBoard.responder.output(SIGN_PIN), 0, 'off, as held');
  const kinds = app.store.readAfter(0, 10_000).filter(isEventOf('device.fault', 'device.recovered')).filter((e) => e.payload.device === 'output-sign').map((e) => e.type);
  assert.equal(kinds.slice(-2), ['device.fault', 'device.recovered']);
});

test('a manual override lasts until midnight when nothing else is planned; the next day follows its own plan', async () => {
  clock.set(local('23:00'));
  const on = await app.http.inject({ method: 'POST', url: '/api/outputs/aircon', headers: auth, payload: { state: 'on' } });
  assert.equal([on.json().output.state, on.json().output.overrideUntil], ['on', '2026-07-16T00:00:00+08:00']);
  await waitFor(() => panelBoard.responder.output(AIRCON_PIN) === 0, 'on by hand after everyone left');
  clock.set(Date.parse('2026-07-16T00:00:00+08:00'));
  await waitFor(() => panelBoard.responder.output(AIRCON_PIN) === 1, 'off at midnight');
  const [aircon] = await outputsNow();
  assert.equal([aircon.state, aircon.mode, aircon.switches.map((s) => s.at.slice(0, 16))], ['off', 'auto', ['2026-07-16T18:00']]);
});

test.run();
