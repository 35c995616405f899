import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { hashPin, verifyPin } from '../../firmware-bridge/staff/pin-hash.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

const clock = new FakeClock('2026-11-24T10:00:00+08:00');
const loaded = testLoadedConfig();
let app: RunningApp;

test.before(async () => {
  app = await startApp(loaded, { clock, log: silentLogger, features: [queueFeature()] });
});

test.after(async () => {
  await app.close();
  loaded.cleanup();
});

async function login(staff: string, pin: string) {
  const res = await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff, pin } });
  return { status: res.statusCode, code: res.json().error?.code as string | undefined, token: res.json().token as string | undefined };
}

test('PINs are stored as salted scrypt hashes: never the PIN, never the same hash twice', () => {
  const a = hashPin('1234');
  const b = hashPin('1234');
  assert.match(a, /^scrypt\$\d+\$/);
  assert.is.not(a, b, 'a fresh salt each time');
  assert.not.ok(a.includes('1234'));
  assert.ok(verifyPin('1234', a) && verifyPin('1234', b));
  assert.not.ok(verifyPin('1235', a));
  for (const staff of loaded.config.staff) assert.match(staff.pinHash ?? '', /^scrypt\$/);
});

test('five wrong PINs lock the number; each further failure doubles the wait; the right PIN later resets it', async () => {
  const { maxFailures, lockoutBaseSec } = loaded.config.sessions;
  assert.is(maxFailures, 5, 'the issue\'s default');
  for (let i = 1; i < maxFailures; i++) assert.is((await login('001', '0000')).code, 'wrong_pin', `failure ${i}`);
  assert.is((await login('001', '0000')).code, 'wrong_pin', 'the fifth failure still answers wrong_pin, and locks');
  const locked = await login('001', '1234');
  assert.equal([locked.status, locked.code], [429, 'locked_out'], 'even the right PIN is refused while locked');
  assert.is((await login('002', '5678')).code === 'locked_out', false, 'another staff number is not locked');

  clock.advance(lockoutBaseSec * 1000 - 1000);
  assert.is((await login('001', '1234')).code, 'locked_out', 'a second before the end');
  clock.advance(1000);
  assert.is((await login('001', '0000')).code, 'wrong_pin', 'sixth failure after the first lockout');
  clock.advance(lockoutBaseSec * 1000);
  assert.is((await login('001', '1234')).code, 'locked_out', 'the second lockout is twice as long');
  clock.advance(lockoutBaseSec * 1000);
  const ok = await login('001', '1234');
  assert.is(ok.status, 200, 'after 2 × base the right PIN opens');
  assert.ok(ok.token);
  assert.is((await login('001', '0000')).code, 'wrong_pin', 'the count starts again from zero');
  assert.is((await login('001', '1234')).status, 200);
});

test('an unknown staff number is refused like a wrong PIN (no hint who exists) and locks the same way', async () => {
  const unknown = await login('4242', '1234');
  const known = await login('900', '0000');
  assert.equal([unknown.status, unknown.code], [known.status, known.code]);
  for (let i = 0; i < 5; i++) await login('4243', '0000');
  assert.is((await login('4243', '0000')).code, 'locked_out');
});

test('a clock stepped back does not unlock a locked number early', async () => {
  for (let i = 0; i < 5; i++) await login('800', '0000');
  clock.set(clock.now() - 3_600_000);
  assert.is((await login('800', '8000')).code, 'locked_out');
  clock.advance(3_600_000 + loaded.config.sessions.lockoutBaseSec * 1000);
  assert.is((await login('800', '8000')).status, 200);
});

test.run();
