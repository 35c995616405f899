import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../config/load-config.js';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import type { RunningApp } from '../../firmware-bridge/runtime/app.js';
import { startDesk } from '../../firmware-bridge/desk.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';

/**
 * The settings screen's tools through the API: member CSV import with errors per row, a spoken
 * preview through the speaker, a test ticket through the printer in use; field errors zh-CN first.
 */
const dir = mkdtempSync(join(tmpdir(), 'frontdesk-settings-tools-'));
const file = join(dir, 'frontdesk.yaml');
const demo = readFileSync(resolve('config/default.yaml'), 'utf8')
  .replace('dataDir: ../data', 'dataDir: ./data')
  .replace('port: 8080', 'port: 0')
  .replace('mqtt: auto', 'mqtt: "off"')
  .replace(/^members:\n/m, 'members:\n  csv: ./members.csv\n');
writeFileSync(file, demo, { mode: 0o600 });
writeFileSync(join(dir, 'members.csv'), 'card,name\n');

const clock = new FakeClock('2026-11-24T10:00:00+08:00');
let app: RunningApp;
const tokens: Record<string, string> = {};
type Json = Record<string, any>;

async function call(method: 'GET' | 'PUT' | 'POST', url: string, who?: string, payload?: object | string, contentType?: string) {
  const headers: Record<string, string> = who ? { authorization: `Bearer ${tokens[who]}` } : {};
  if (contentType) headers['content-type'] = contentType;
  const res = await app.http.inject({ method, url, payload, headers });
  return { status: res.statusCode, body: res.body ? res.json<Json>() : {} };
}

test.before(async () => {
  app = await startDesk(loadConfig(file, {}), { clock, log: silentLogger });
  for (const [staff, pin] of [['001', '1234'], ['900', '9000']]) tokens[staff] = (await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff, pin } })).json().token;
});

test.after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a clerk cannot use the tools', async () => {
  assert.is((await call('POST', '/api/settings/members/import', '001', 'card,name\n', 'text/csv')).status, 403);
  assert.is((await call('POST', '/api/settings/speech-preview', '001', { text: { zh: '你好', en: 'Hello' } })).status, 403);
  assert.is((await call('POST', '/api/settings/printer/test', '001')).status, 403);
});

test('a members CSV is imported with its bad rows named by line, and kept for the next start', async () => {
  const csv = 'card,name,status,valid_until\n10001234,王芳,正常,2027-06-30\n,无卡号,正常,2027-06-30\n10005678,李雷,expired,2026-01-31\n';
  const res = await call('POST', '/api/settings/members/import', '900', csv, 'text/csv');
  assert.is(res.status, 200);
  assert.is(res.body.added, 2);
  assert.is(res.body.fatal, false);
  assert.equal(res.body.errors.map((e: Json) => e.line), [3]);
  const card = await call('GET', '/api/members/10001234', '900');
  assert.is(card.status, 200);
  assert.is(card.body.card.holder, '王芳');
  assert.is(readFileSync(join(dir, 'members.csv'), 'utf8'), csv, 'members.csv holds what a restart imports');
  // A file without the card column is refused as a whole: nobody removed, the stored file unchanged.
  const bad = await call('POST', '/api/settings/members/import', '900', 'name\n王芳\n', 'text/csv');
  assert.is(bad.body.fatal, true);
  assert.ok(bad.body.errors.length > 0);
  assert.is((await call('GET', '/api/members/10001234', '900')).status, 200);
  assert.is(readFileSync(join(dir, 'members.csv'), 'utf8'), csv);
});

test('a spoken preview goes through the speaker with example values in the placeholders', async () => {
  const res = await call('POST', '/api/settings/speech-preview', '900', { text: { zh: '本馆将于{close}闭馆', en: 'We close at {close}.' } });
  assert.is(res.status, 200);
  assert.equal(res.body.text, { zh: '本馆将于21:00闭馆', en: 'We close at 21:00.' });
  // espeak-ng renders it; the (simulated) speaker has it until the arbiter's clock says it ended.
  assert.is(res.body.outcome, 'playing');
  assert.is((await call('GET', '/api/audio')).body.audio.mode, 'announcement');
});

test('a test ticket prints through the printer in use; a fault comes back as what to do', async () => {
  const ok = await call('POST', '/api/settings/printer/test', '900');
  assert.is(ok.status, 200);
  assert.is(ok.body.printed, true);
  const printouts = (await call('GET', '/api/printer/printouts', '900')).body.printouts;
  assert.ok(printouts[0].text.some((line: string) => line.includes('测试票')), printouts[0].text.join('\n'));
  await call('POST', '/api/printer/simulate', '900', { condition: 'paper_out' });
  const out = await call('POST', '/api/settings/printer/test', '900');
  assert.is(out.body.printed, false);
  assert.is(out.body.printer.state, 'fault');
  assert.match(out.body.advice.zh, /缺纸/);
  assert.match(out.body.advice.en, /paper/);
  await call('POST', '/api/printer/simulate', '900', { condition: 'ok' });
});

test('invalid settings name each field zh-CN first, the loader\'s English after', async () => {
  const current = (await call('GET', '/api/settings', '900')).body;
  const config = structuredClone(current.config);
  config.services[0].letter = 'ab';
  config.site.timezone = 'Mars/Base';
  const res = await call('PUT', '/api/settings', '900', { version: current.version, config });
  assert.is(res.status, 400);
  const byPath = new Map(res.body.error.issues.map((i: Json) => [i.path, i.message]));
  assert.match(String(byPath.get('services.0.letter')), /^应为一个大写字母 A-Z · must be one capital letter/);
  assert.match(String(byPath.get('site.timezone')), /^应为时区名称.* · must be an IANA time zone/);
});

test.run();
