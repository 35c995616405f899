import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { clockStore } from '../../firmware-bridge/http/rate-limit.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

let app: RunningApp | null = null;
let cleanup: (() => void) | null = null;

test.after.each(async () => {
  await app?.close();
  app = null;
  cleanup?.();
  cleanup = null;
});

async function start(http: Record<string, unknown>, clock = new FakeClock()) {
  const loaded = testLoadedConfig({ http });
  cleanup = loaded.cleanup;
  app = await startApp(loaded, { clock, log: silentLogger, features: [queueFeature()] });
  return { app, clock };
}

const from = (remoteAddress: string, url = '/api/queue', headers: Record<string, string> = {}) => app!.http.inject({ method: 'GET', url, remoteAddress, headers });

test('a LAN address gets its budget, then 429 in the contract shape; other addresses are untouched', async () => {
  const { clock } = await start({ rateLimitPerMinute: 5 });
  for (let i = 0; i < 5; i++) assert.is((await from('192.168.1.50')).statusCode, 200, `request ${i + 1} allowed`);
  const refused = await from('192.168.1.50');
  assert.is(refused.statusCode, 429);
  assert.is(refused.json().error.code, 'rate_limited');
  assert.match(refused.json().error.message, /请/);
  assert.ok(Number(refused.headers['retry-after']) >= 1);
  // Unknown routes and the ticket status page count too (a scanner is still a scanner).
  assert.is((await from('192.168.1.50', '/api/nope')).statusCode, 429);
  assert.is((await from('192.168.1.51')).statusCode, 200, 'another tablet keeps its own budget');
  clock.advance(60_000);
  assert.is((await from('192.168.1.50')).statusCode, 200, 'a minute later the budget is back');
});

test('the login route is limited too, so PIN guessing from one address stalls', async () => {
  await start({ rateLimitPerMinute: 3 });
  const codes: number[] = [];
  for (let i = 0; i < 5; i++)
    codes.push((await app!.http.inject({ method: 'POST', url: '/api/session', remoteAddress: '10.0.0.9', payload: { staff: '001', pin: `000${i}` } })).statusCode);
  assert.equal(codes, [401, 401, 401, 429, 429]);
});

test('loopback (the Pi\'s own kiosk and board) is exempt by default, limited when configured', async () => {
  await start({ rateLimitPerMinute: 2 });
  for (let i = 0; i < 20; i++) assert.is((await from('127.0.0.1')).statusCode, 200);
  for (let i = 0; i < 20; i++) assert.is((await from('::1')).statusCode, 200);
  await app!.close();
  cleanup!();
  await start({ rateLimitPerMinute: 2, loopbackRateLimitPerMinute: 4 });
  const codes: number[] = [];
  for (let i = 0; i < 5; i++) codes.push((await from('127.0.0.1')).statusCode);
  assert.equal(codes, [200, 200, 200, 200, 429]);
  assert.is((await from('192.168.1.7')).statusCode, 200, 'the LAN budget is separate');
});

test('a logged-in staff member is not limited; a made-up token is', async () => {
  await start({ rateLimitPerMinute: 2 });
  const login = await app!.http.inject({ method: 'POST', url: '/api/session', remoteAddress: '10.0.0.2', payload: { staff: '001', pin: '1234' } });
  const token = login.json().token as string;
  for (let i = 0; i < 10; i++) assert.is((await from('10.0.0.2', '/api/queue', { authorization: `Bearer ${token}` })).statusCode, 200);
  // The login took one of the two; a made-up token spends the other, then is refused.
  const codes: number[] = [];
  for (let i = 0; i < 2; i++) codes.push((await from('10.0.0.2', '/api/queue', { authorization: 'Bearer made-up' })).statusCode);
  assert.equal(codes, [200, 429]);
});

test('static UI files do not count against the budget', async () => {
  await start({ rateLimitPerMinute: 1 });
  for (let i = 0; i < 5; i++) assert.not.equal((await from('10.0.0.3', '/kiosk')).statusCode, 429);
  assert.is((await from('10.0.0.3')).statusCode, 200);
});

test('the store: a clock stepped back neither frees nor blocks longer than a minute; memory stays bounded under a scan', () => {
  const clock = new FakeClock();
  const store = new (clockStore(clock, 100))();
  const count = (key: string) => {
    let answer = { current: 0, ttl: 0 };
    store.incr(key, (_error, counted) => (answer = counted), 60_000);
    return answer;
  };
  assert.equal([count('a').current, count('a').current, count('a').current], [1, 2, 3]);
  clock.set(clock.now() - 3_600_000);
  const stepped = count('a');
  assert.is(stepped.current, 4, 'stepping back an hour gives no fresh window');
  assert.ok(stepped.ttl <= 60_000, `Retry-After stays within the minute (${stepped.ttl} ms)`);
  clock.advance(60_000);
  assert.is(count('a').current, 1, 'a minute on the stepped clock opens a new window');
  for (let i = 0; i < 1000; i++) count(`10.1.${i >> 8}.${i & 255}`);
  assert.ok(store.windows.size <= 100, `${store.windows.size} addresses kept`);
});

test.run();
