import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StaffSessions } from '../../firmware-bridge/staff/staff-sessions.js';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { isRefusal, type Refusal } from '../../firmware-bridge/kernel/refusal.js';
import { testConfig } from '../fixtures/test-config.js';

const config = testConfig({ sessions: { ttlMinutes: 60, maxFailures: 3, lockoutBaseSec: 10 } });

test('a token works until it expires', () => {
  const clock = new FakeClock();
  const sessions = new StaffSessions(config, clock);
  const session = sessions.login('001', '1234');
  assert.not.ok(isRefusal(session));
  const { token } = session as { token: string };
  assert.is(sessions.identify(token)?.number, '001');
  clock.advance(59 * 60_000);
  assert.ok(sessions.identify(token));
  clock.advance(61_000);
  assert.is(sessions.identify(token), null);
});

test('wrong PINs lock the number with a doubling back-off; the right PIN then works', () => {
  const clock = new FakeClock();
  const sessions = new StaffSessions(config, clock);
  for (let i = 0; i < 3; i++) assert.is((sessions.login('001', '0000') as Refusal).code, 'wrong_pin');
  assert.is((sessions.login('001', '1234') as Refusal).code, 'locked_out', 'locked even with the right PIN');
  clock.advance(10_000);
  assert.is((sessions.login('001', '0000') as Refusal).code, 'wrong_pin');
  clock.advance(10_000);
  assert.is((sessions.login('001', '1234') as Refusal).code, 'locked_out', 'the 4th failure locks for 20 s');
  clock.advance(10_000);
  assert.not.ok(isRefusal(sessions.login('001', '1234')));
  assert.is((sessions.login('001', '0000') as Refusal).code, 'wrong_pin', 'success cleared the count');
  assert.not.ok(isRefusal(sessions.login('001', '1234')));
});

test('approver checks (verify) share the lockout and check the role', () => {
  const clock = new FakeClock();
  const sessions = new StaffSessions(config, clock);
  assert.is(sessions.verify('800', '8000', 'engineering_manager')?.number, '800');
  assert.is(sessions.verify('001', '1234', 'engineering_manager'), null, 'wrong role');
  for (let i = 0; i < 3; i++) assert.is(sessions.verify('800', '0000'), null);
  assert.is(sessions.verify('800', '8000', 'engineering_manager'), null, 'locked out');
  clock.advance(10_000);
  assert.ok(sessions.verify('800', '8000', 'engineering_manager'));
});

test('unknown staff numbers are refused like wrong PINs', () => {
  const sessions = new StaffSessions(config, new FakeClock());
  const refused = sessions.login('999', '1234') as Refusal;
  assert.is(refused.code, 'wrong_pin');
  assert.is(refused.status, 401);
});

test.run();
