import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../config/load-config.js';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { runVerifyLogCommand } from '../../firmware-bridge/keys/keys-commands.js';
import { keysFeature } from '../../firmware-bridge/keys/keys-feature.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { settingsFeature } from '../../firmware-bridge/settings/settings-feature.js';
import { jsonApi } from '../fixtures/http.js';
import { writeTestConfig } from '../fixtures/test-config.js';

/**
 * Issue 13: the key inventory and the member cards follow a save through PUT /api/settings without
 * a restart; a save that would drop or move a key that is out is refused and changes nothing.
 */
const live = suite('keys: the inventory follows the settings');
const dir = mkdtempSync(join(tmpdir(), 'frontdesk-keys-live-'));
const file = writeTestConfig(dir, { dataDir: join(dir, 'data') });
const clock = new FakeClock('2026-11-24T10:00:00+08:00');
let app: RunningApp;
const tokens: Record<string, string> = {};

type Json = Record<string, any>;
const http = jsonApi(() => app.url);
const call = (method: string, path: string, body?: unknown, who = '001') => http(method, path, body, tokens[who]);

async function save(change: (config: Json) => void) {
  const current = await call('GET', '/api/settings', undefined, '900');
  const config = structuredClone(current.body.config);
  change(config);
  return call('PUT', '/api/settings', { version: current.body.version, config }, '900');
}

const keyIds = async () => ((await call('GET', '/api/keys')).body.keys as { id: string }[]).map((k) => k.id);
const key = async (id: string) => ((await call('GET', '/api/keys')).body.keys as Json[]).find((k) => k.id === id);
const settingsEvents = () => app.db.prepare("SELECT COUNT(*) FROM events WHERE type = 'settings.changed'").pluck().get() as number;

live.before(async () => {
  app = await startApp(loadConfig(file, {}), { log: silentLogger, clock, features: [keysFeature(), settingsFeature()] });
  for (const [staff, pin] of [['001', '1234'], ['900', '9000']]) tokens[staff] = (await http('POST', '/api/session', { staff, pin }, '')).body.token;
});

live.after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

live('a new key range is lent at once, and the save asks for no restart', async () => {
  assert.not.ok((await keyIds()).includes('T01'));
  const res = await save((c) => c.keys.push({ prefix: 'T', from: 1, to: 3, digits: 2, category: 'public_area', label: '临时{n}' }));
  assert.is(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.restartNeeded, []);
  assert.equal(await key('T02'), { id: 'T02', label: '临时02', category: 'public_area', state: 'in', handout: null });
  const lent = await call('POST', '/api/keys/T02/handout', { holder: { name: '王师傅', contact: '13800000000' }, reason: '维修' });
  assert.is(lent.status, 201, JSON.stringify(lent.body));
  assert.is((await key('T02'))!.state, 'out');
});

live('removing a key that is out is refused by name, and nothing changes: file, version, keys', async () => {
  const before = readFileSync(file, 'utf8');
  const events = settingsEvents();
  const res = await save((c) => {
    c.keys = c.keys.filter((k: Json) => k.prefix !== 'T');
  });
  assert.is(res.status, 409);
  assert.is(res.body.error.code, 'key_is_out');
  assert.match(res.body.error.message, /钥匙“T02”已借出[\s\S]*Key "T02" is out/);
  assert.is(readFileSync(file, 'utf8'), before);
  assert.is(settingsEvents(), events);
  assert.ok((await keyIds()).includes('T01'), 'the keys that are in stay too: the whole save was refused');
  assert.is((await key('T02'))!.state, 'out');
});

live('moving a key that is out to another category is refused', async () => {
  const before = readFileSync(file, 'utf8');
  const res = await save((c) => {
    c.keys.find((k: Json) => k.prefix === 'T').category = 'equipment_room';
  });
  assert.is(res.status, 409);
  assert.match(res.body.error.message, /T02[\s\S]*Public area to Equipment room/);
  assert.is(readFileSync(file, 'utf8'), before);
  assert.is((await key('T02'))!.category, 'public_area');
});

live('keys that are in can go and be relabelled while one is out; the out key keeps its lending', async () => {
  const res = await save((c) => {
    c.keys = c.keys.filter((k: Json) => k.prefix !== 'T' && k.id !== 'EQ-PUMP');
    c.keys.push({ id: 'T02', label: '临时钥匙二号', category: 'public_area' });
  });
  assert.is(res.status, 200, JSON.stringify(res.body));
  const ids = await keyIds();
  assert.not.ok(ids.includes('T01') || ids.includes('T03') || ids.includes('EQ-PUMP'));
  const t02 = await key('T02');
  assert.is(t02!.label, '临时钥匙二号');
  assert.is(t02!.handout.holder.name, '王师傅');
  assert.is((await call('POST', '/api/keys/T01/handout', { holder: { name: '李', contact: '1' }, reason: 'x' })).status, 404, 'a removed key cannot be lent');
  const back = await call('POST', '/api/keys/T02/return', {});
  assert.is(back.status, 200, JSON.stringify(back.body));
  const gone = await save((c) => {
    c.keys = c.keys.filter((k: Json) => k.id !== 'T02');
  });
  assert.is(gone.status, 200, 'once returned, the key can be removed');
  assert.not.ok((await keyIds()).includes('T02'));
});

live('a member card added in the settings can take a locker key at once', async () => {
  assert.is((await call('POST', '/api/keys/L010/handout', { card: 'M0009' })).status, 409, 'not a member yet');
  const res = await save((c) => c.members.cards.push({ card: 'M0009', name: '周会员', status: 'normal', validUntil: '2027-12-31' }));
  assert.is(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.restartNeeded, []);
  const lent = await call('POST', '/api/keys/L010/handout', { card: 'M0009' });
  assert.is(lent.status, 201, JSON.stringify(lent.body));
  assert.is(lent.body.key.handout.holder.name, '周会员');
});

live('a members CSV that cannot be read is refused before anything is written', async () => {
  const before = readFileSync(file, 'utf8');
  const res = await save((c) => {
    c.members.csv = 'no-such-members.csv';
  });
  assert.is(res.status, 400);
  assert.is(res.body.error.code, 'members_csv_unreadable');
  assert.is(readFileSync(file, 'utf8'), before);
});

live('the key log still proves out, through the API and `frontdesk verify-log`', async () => {
  const verdict = await call('GET', '/api/keys/verify');
  assert.is(verdict.body.ok, true);
  assert.is(verdict.body.entries, 3, 'two handouts and a return: inventory changes are settings versions, not key log entries');
  const lines: string[] = [];
  const { log } = console;
  console.log = (...a: unknown[]) => lines.push(a.join(' '));
  try {
    assert.is(await runVerifyLogCommand(['--config', file]), 0, lines.join('\n'));
  } finally {
    console.log = log;
  }
});

live.run();
