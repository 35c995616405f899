import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import { parseDocument } from 'yaml';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../config/load-config.js';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import type { RunningApp } from '../../firmware-bridge/runtime/app.js';
import { startDesk } from '../../firmware-bridge/desk.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { makeTone } from '../fixtures/audio/make-audio.js';

/**
 * Managers change the desk through `/api/settings`: the file on disk is rewritten (comments kept),
 * every version is kept, and the change is in force at once — the kiosk's services, today's plan,
 * staff logins — while waiting tickets stay.
 */
const dir = mkdtempSync(join(tmpdir(), 'frontdesk-settings-'));
const file = join(dir, 'frontdesk.yaml');
// The demo config with hours a hall really closes at, so the plan has a closing announcement.
const demo = readFileSync(resolve('config/default.yaml'), 'utf8')
  .replace(/\{ open: "00:00", close: "24:00" \}/g, '{ open: "09:30", close: "22:00" }')
  .replace('dataDir: ../data', 'dataDir: ./data')
  .replace('port: 8080', 'port: 0')
  .replace('mqtt: auto', 'mqtt: "off"')
  .replace('quietFrom: "24:00"', 'quietFrom: "22:00"\n  uploadMaxMB: 1');
// No demo music or hourly demo classes: this hall starts with none (the tests add their own).
const start = parseDocument(demo);
start.set('classes', start.createNode([]));
start.setIn(['audio', 'playlists'], start.createNode({}));
start.setIn(['audio', 'dayparts'], start.createNode([]));
writeFileSync(file, start.toString({ lineWidth: 0 }), { mode: 0o600 });

const today = '2026-11-24'; // a Tuesday
const clock = new FakeClock(`${today}T10:00:00+08:00`);
let app: RunningApp;
const tokens: Record<string, string> = {};

type Json = Record<string, any>;  

async function call(method: 'GET' | 'PUT' | 'POST', url: string, who?: string, payload?: object) {
  const res = await app.http.inject({ method, url, payload, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {} });
  return { status: res.statusCode, body: res.body ? res.json<Json>() : {} };
}

async function login(staff: string, pin: string) {
  return app.http.inject({ method: 'POST', url: '/api/session', payload: { staff, pin } });
}

async function settings() {
  const res = await call('GET', '/api/settings', '900');
  assert.is(res.status, 200);
  return res.body as { version: string; config: Json; effective: Json };
}

async function save(change: (config: Json) => void) {
  const current = await settings();
  const config = structuredClone(current.config);
  change(config);
  return call('PUT', '/api/settings', '900', { version: current.version, config });
}

const plan = async () => (await app.http.inject({ method: 'GET', url: `/api/schedule?date=${today}` })).json<{ kind: string; reason?: string; for?: string; text?: string }[]>();

test.before(async () => {
  app = await startDesk(loadConfig(file, {}), { clock, log: silentLogger });
  for (const [staff, pin] of [['001', '1234'], ['900', '9000']]) tokens[staff] = (await login(staff, pin)).json().token;
});

test.after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a clerk (or no one) cannot read or change the settings', async () => {
  for (const [method, url] of [['GET', '/api/settings'], ['PUT', '/api/settings'], ['GET', '/api/settings/history'], ['POST', '/api/settings/rollback']] as const) {
    const body = method === 'GET' ? undefined : { version: 'v0', config: {} };
    assert.is((await call(method, url, '001', body)).status, 403, `${method} ${url} clerk`);
    assert.is((await call(method, url, undefined, body)).status, 401, `${method} ${url} nobody`);
  }
});

test('GET /api/settings gives the file with secrets redacted and a version', async () => {
  const res = await call('GET', '/api/settings', '900');
  assert.is(res.status, 200);
  assert.match(res.body.version, /^v[0-9a-f]{16}$/);
  assert.is(res.body.config.staff[0].pinHash, '[redacted]');
  assert.not.match(JSON.stringify(res.body), /scrypt\$/);
  assert.is(res.body.effective.audio.announcements.closingLeadMinutes, 30, 'defaults are filled in the effective config');
});

test('an invalid config is refused with every problem by path, and the file stays', async () => {
  const before = readFileSync(file, 'utf8');
  const res = await save((c) => {
    c.services[0].letter = 'AA';
    c.counters.push({ id: '1', name: { zh: '重复', en: 'Duplicate' } });
  });
  assert.is(res.status, 400);
  assert.is(res.body.error.code, 'invalid_config');
  const paths = res.body.error.issues.map((i: { path: string }) => i.path);
  assert.ok(paths.includes('services.0.letter'), paths.join());
  assert.ok(paths.includes('counters.3.id'), paths.join());
  assert.match(res.body.error.message, / · /);
  assert.is(readFileSync(file, 'utf8'), before);
});

test('a new service is saved with the file\'s comments kept, is on the kiosk at once and takes tickets', async () => {
  const res = await save((c) => c.services.push({ id: 'pickup', letter: 'D', name: { zh: '取件', en: 'Pick-up' }, counters: ['3'] }));
  assert.is(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.paths, ['services.4']);
  assert.equal(res.body.restartNeeded, []);
  const text = readFileSync(file, 'utf8');
  assert.ok(text.startsWith('# The runnable demo'), 'the header comment stays');
  assert.ok(text.includes('# The demo is alive at any hour'), 'comments inside stay');
  assert.ok(text.indexOf('id: pickup') > text.indexOf('id: priority') && text.indexOf('id: pickup') < text.indexOf('counters:\n'), 'added after the last service');
  const publicConfig = (await app.http.inject({ method: 'GET', url: '/api/config/public' })).json();
  assert.ok(publicConfig.services.some((s: { id: string }) => s.id === 'pickup'));
  const ticket = await app.http.inject({ method: 'POST', url: '/api/tickets', payload: { service: 'pickup' } });
  assert.is(ticket.statusCode, 201, ticket.body);
  assert.is(ticket.json().ticket.number, 'D001');
  const event = app.store.readAfter(0, 1000).filter((e) => e.type === 'settings.changed').pop()!;
  assert.equal(event.payload, { by: '900', kind: 'save', version: res.body.version, paths: ['services.4'] });
});

test('a service with waiting tickets cannot be removed; the ticket stays', async () => {
  const res = await save((c) => (c.services = c.services.filter((s: { id: string }) => s.id !== 'pickup')));
  assert.is(res.status, 409);
  assert.is(res.body.error.code, 'would_strand');
  assert.match(res.body.error.message, /pickup.*·.*waiting/);
  const queue = (await app.http.inject({ method: 'GET', url: '/api/queue' })).json();
  assert.is(queue.services.find((s: { id: string }) => s.id === 'pickup').waiting, 1);
});

test('moving the closing time moves the closing announcement and `frontdesk schedule`', async () => {
  const closingAt = async () => (await plan()).filter((e) => e.reason === 'closing').map((e) => e.for!.slice(11, 16));
  assert.equal([...new Set(await closingAt())], ['22:00']);
  const res = await save((c) => (c.hours.weekly.tue.close = '21:00'));
  assert.is(res.status, 200);
  assert.equal(res.body.paths, ['hours.weekly.tue.close']);
  assert.equal([...new Set(await closingAt())], ['21:00'], 'the running plan follows without a restart');
  const cli = spawnSync(process.execPath, [resolve('bin/frontdesk.js'), 'schedule', '--config', file, '--date', today], { encoding: 'utf8', env: { ...process.env, FRONTDESK_FROM_SOURCE: '1' } });
  assert.is(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /open 09:30–21:00/);
  assert.match(cli.stdout, /20:30 {2}广播 announcement closing 21:00/);
});

test('cancelling tonight\'s class takes its announcements out of the plan', async () => {
  let res = await save((c) => (c.classes = [{ name: { zh: '动感单车', en: 'Spinning' }, days: ['tue'], at: '19:00', room: '单车房' }]));
  assert.is(res.status, 200);
  assert.is((await plan()).filter((e) => e.reason === 'class').length, 2, 'announced twice');
  res = await save((c) => (c.classes[0].cancelled = [today]));
  assert.is(res.status, 200);
  assert.equal(res.body.paths, ['classes.0.cancelled']);
  assert.is((await plan()).filter((e) => e.reason === 'class').length, 0);
});

test('after a PIN reset the old PIN fails, the session ends, and the person chooses a new one at login', async () => {
  const res = await save((c) => delete c.staff.find((s: { number: string }) => s.number === '001').pinHash);
  assert.is(res.status, 200);
  assert.equal(res.body.paths, ['staff.0.pinHash']);
  assert.is((await call('GET', '/api/keys', '001')).status, 401, 'the open session of 001 ended');
  const old = await login('001', '1234');
  assert.is(old.statusCode, 409);
  assert.is(old.json().error.code, 'pin_not_set');
  assert.is((await app.http.inject({ method: 'POST', url: '/api/session/pin', payload: { staff: '002', pin: '2468' } })).statusCode, 409, 'someone whose PIN was not reset cannot choose one');
  const chosen = await app.http.inject({ method: 'POST', url: '/api/session/pin', payload: { staff: '001', pin: '5678' } });
  assert.is(chosen.statusCode, 200, chosen.body);
  assert.ok(chosen.json().token);
  assert.is((await login('001', '1234')).statusCode, 401);
  assert.is((await login('001', '5678')).statusCode, 200);
  const hashes = readFileSync(file, 'utf8').match(/pinHash: "?scrypt\$[^\n]+/g) ?? [];
  assert.is(hashes.length, 4, 'the new hash is in the file, next to the others');
  const second = await app.http.inject({ method: 'POST', url: '/api/session/pin', payload: { staff: '001', pin: '1111' } });
  assert.is(second.statusCode, 409, 'the PIN cannot be chosen twice');
});

test('a hand edit since the screen read the file is refused with both versions; nothing is lost', async () => {
  const current = await settings();
  const edited = readFileSync(file, 'utf8').replace('name: { zh: 示范服务大厅, en: Demo Service Hall }', 'name: { zh: 手改大厅, en: Hand Edited Hall }');
  writeFileSync(file, edited);
  const config = structuredClone(current.config);
  config.queue.recallsBeforeSkip = 3;
  const res = await call('PUT', '/api/settings', '900', { version: current.version, config });
  assert.is(res.status, 409);
  assert.is(res.body.error.code, 'settings_conflict');
  assert.is(res.body.error.current.config.site.name.en, 'Hand Edited Hall');
  assert.is(res.body.error.yours.config.queue.recallsBeforeSkip, 3);
  assert.ok(res.body.error.changes.some((c: { path: string }) => c.path === 'site.name.en'));
  assert.is(readFileSync(file, 'utf8'), edited);
  const history = (await call('GET', '/api/settings/history', '900')).body.versions;
  assert.is(history[0].kind, 'file', 'the hand edit is a version of its own');
  assert.ok(history[0].changes.some((c: { path: string; after: string }) => c.path === 'site.name.en' && c.after === 'Hand Edited Hall'));
});

test('history lists who changed what, without secrets; rollback brings a version back and keeps today\'s PIN', async () => {
  const history = (await call('GET', '/api/settings/history', '900')).body.versions as { version: string; by: string; kind: string; changes: { path: string }[] }[];
  assert.not.match(JSON.stringify(history), /scrypt\$/);
  const beforeClass = history.find((v) => v.changes.some((c) => c.path === 'hours.weekly.tue.close'))!;
  assert.is(beforeClass.by, '900');
  const res = await call('POST', '/api/settings/rollback', '900', { version: beforeClass.version });
  assert.is(res.status, 200, JSON.stringify(res.body));
  assert.ok(res.body.paths.some((p: string) => p.startsWith('classes')), res.body.paths.join());
  assert.ok(res.body.paths.includes('site.name.en'));
  assert.not.ok(res.body.paths.some((p: string) => p.includes('pinHash')), 'PINs are not rolled back');
  assert.is((await login('001', '5678')).statusCode, 200);
  assert.is((await plan()).filter((e) => e.reason === 'class').length, 0, 'the class is gone with the rollback');
  const latest = (await call('GET', '/api/settings/history', '900')).body.versions[0];
  assert.is(latest.kind, 'rollback');
  assert.is((await call('POST', '/api/settings/rollback', '900', { version: 'v0000' })).status, 404);
});

test('tracks: a real audio file is added with its length; a text file renamed .mp3 gets 400; too big gets 413; list and delete', async () => {
  const res = await save((c) => (c.audio.playlists = { light: './music/light' }));
  assert.is(res.status, 200);
  const upload = (name: string, body: Buffer, who = '900') =>
    app.http.inject({ method: 'POST', url: `/api/settings/playlists/light/tracks?name=${encodeURIComponent(name)}`, payload: body, headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${tokens[who]}` } });
  const tone = readFileSync(makeTone(join(dir, 'made'), 'tone.flac', 2.5));
  tokens['001'] = (await login('001', '5678')).json().token; // the PIN chosen above
  assert.is((await upload('晨曲.flac', tone, '001')).statusCode, 403, 'a clerk cannot upload');
  const added = await upload('晨曲 morning.mp3', tone);
  assert.is(added.statusCode, 201, added.body);
  assert.is(added.json().track.file, '晨曲 morning.flac', 'the extension follows the content, not the name');
  assert.ok(Math.abs(added.json().track.durationSec - 2.5) < 0.05, `length read by soxi: ${added.json().track.durationSec}`);
  assert.ok(readFileSync(join(dir, 'music/light/晨曲 morning.flac')).equals(tone));

  const text = await upload('fake.mp3', Buffer.from('this is not music\n'.repeat(100)));
  assert.is(text.statusCode, 400);
  assert.is(text.json().error.code, 'not_audio');
  const lying = await upload('fake.mp3', Buffer.concat([Buffer.from('ID3'), Buffer.alloc(4000, 7)]));
  assert.is(lying.statusCode, 400, 'an audio header over garbage fails the soxi check');
  const big = await upload('big.wav', Buffer.concat([Buffer.from('RIFF....WAVE'), Buffer.alloc(1.5 * 1024 * 1024)]));
  assert.is(big.statusCode, 413);
  assert.is((await upload('x.mp3', tone.subarray(0, 100))).statusCode, 400);
  assert.is((await app.http.inject({ method: 'POST', url: '/api/settings/playlists/none/tracks?name=a.flac', payload: tone, headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${tokens['900']}` } })).statusCode, 404);

  const list = await call('GET', '/api/settings/playlists/light/tracks', '900');
  assert.equal(list.body.tracks, [{ file: '晨曲 morning.flac', bytes: tone.length }], 'only the good file; no temp files listed');
  const gone = await app.http.inject({ method: 'DELETE', url: `/api/settings/playlists/light/tracks/${encodeURIComponent('晨曲 morning.flac')}`, headers: { authorization: `Bearer ${tokens['900']}` } });
  assert.is(gone.statusCode, 204);
  assert.equal((await call('GET', '/api/settings/playlists/light/tracks', '900')).body.tracks, []);
  assert.is((await app.http.inject({ method: 'DELETE', url: '/api/settings/playlists/light/tracks/..%2Fx.flac', headers: { authorization: `Bearer ${tokens['900']}` } })).statusCode, 404, 'no path outside the folder');
});

test.run();
