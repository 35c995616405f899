import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hashPin } from '../../firmware-bridge/staff/pin-hash.js';
import { runImportMembersCommand, runVerifyLogCommand } from '../../firmware-bridge/keys/keys-commands.js';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { keysFeature } from '../../firmware-bridge/keys/keys-feature.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { jsonApi } from '../fixtures/http.js';
import { testConfig, testLoadedConfig, writeTestConfig } from '../fixtures/test-config.js';
import { databasePath } from '../../firmware-bridge/store/database.js';

const api = suite('keys HTTP API');
const clock = new FakeClock('2026-11-24T09:00:00+08:00');
const staff = [...testConfig().staff, { number: '801', name: '孙工', pinHash: hashPin('4321', 1024), roles: ['engineering_manager'] }];
const loaded = testLoadedConfig({ staff });
let app: RunningApp;
let token = '';
let configFile = '';

const http = jsonApi(() => app.url);
/** As the logged-in front desk unless another token (or '' for none) is given. */
const call = (method: string, path: string, body?: unknown, auth = token) => http(method, path, body, auth);

/** Runs a CLI command in-process with its output captured. */
async function cli(run: (argv: string[]) => Promise<number>, argv: string[]) {
  const lines: string[] = [];
  const { log, error } = console;
  console.log = (...a: unknown[]) => lines.push(a.join(' '));
  console.error = (...a: unknown[]) => lines.push(a.join(' '));
  try {
    return { code: await run(argv), out: lines.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

const events = (type: string) => (app.db.prepare('SELECT payload FROM events WHERE type = ? ORDER BY seq').pluck().all(type) as string[]).map((p) => JSON.parse(p));

api.before(async () => {
  app = await startApp(loaded, { log: silentLogger, clock, features: [keysFeature()] });
  // The same desk as a config file for the CLI commands.
  configFile = writeTestConfig(loaded.dataDir, { dataDir: loaded.dataDir, staff }, { name: 'keys-test.yaml' });
  const login = await call('POST', '/api/session', { staff: '001', pin: '1234' }, '');
  assert.is(login.status, 200);
  token = login.body.token;
});

api.after(async () => {
  await app.close();
  loaded.cleanup();
});

api('staff only: no token → 401', async () => {
  const res = await call('GET', '/api/keys?state=out', undefined, '');
  assert.is(res.status, 401);
  assert.is(res.body.error.code, 'not_logged_in');
});

api('the inventory comes from config; nothing is out at start', async () => {
  const all = await call('GET', '/api/keys');
  assert.is(all.body.keys.length, 53);
  assert.equal(all.body.keys.find((k: { id: string }) => k.id === 'L007'), { id: 'L007', label: '007号手牌', category: 'member_locker', state: 'in', handout: null });
  const out = await call('GET', '/api/keys?state=out');
  assert.equal([out.body.keys, out.body.out, out.body.overdue], [[], 0, 0]);
});

api('a valid member card gets a locker key: one event with a card hash, due back at closing', async () => {
  const before = app.store.lastSeq();
  const res = await call('POST', '/api/keys/L001/handout', { card: 'M0001' });
  assert.is(res.status, 201);
  assert.is(res.body.key.state, 'out');
  assert.equal(res.body.key.handout.holder, { kind: 'member', name: '陈会员', cardLast4: '0001', contact: null });
  assert.is(res.body.key.handout.staff, '001');
  assert.is(res.body.key.handout.dueBackAt, '2026-11-25T00:00:00+08:00'); // demo hall closes at 24:00
  assert.is(app.store.lastSeq(), before + 1);
  const [event] = events('key.handed_out');
  assert.match(event.cardHash, /^[0-9a-f]{32}$/);
  assert.is(event.staff, '001');
  const raw = app.db.prepare("SELECT payload FROM events WHERE type LIKE 'key.%'").pluck().all().join('\n');
  assert.not.ok(raw.includes('M0001') || raw.includes('陈会员'), 'no plain card or name in events');
  assert.is(app.db.prepare("SELECT card FROM key_handouts WHERE key_id = 'L001'").pluck().get(), 'M0001', 'plain card only in the local table');
});

api('refusals: suspended card 409 with reason, key already out 409, unknown key 404, no card 400 — none changes state', async () => {
  const before = app.store.lastSeq();
  const suspended = await call('POST', '/api/keys/L002/handout', { card: 'M0002' });
  assert.is(suspended.status, 409);
  assert.is(suspended.body.error.code, 'card_not_valid');
  assert.match(suspended.body.error.message, /停卡.*suspended/);
  assert.is(suspended.body.error.reason, 'suspended');
  const again = await call('POST', '/api/keys/L001/handout', { card: 'M0001' });
  assert.equal([again.status, again.body.error.code], [409, 'key_already_out']);
  const unknown = await call('POST', '/api/keys/L999/handout', { card: 'M0001' });
  assert.equal([unknown.status, unknown.body.error.code], [404, 'key_not_found']);
  const empty = await call('POST', '/api/keys/L002/handout', {});
  assert.equal([empty.status, empty.body.error.code], [400, 'card_or_holder_required']);
  const badType = await call('POST', '/api/keys/L002/handout', { card: 42 });
  assert.equal([badType.status, badType.body.error.code], [400, 'invalid_field']);
  assert.is(app.store.lastSeq(), before);
});

api('40 simultaneous handouts of one key: exactly one 201', async () => {
  const results = await Promise.all(Array.from({ length: 40 }, () => call('POST', '/api/keys/L010/handout', { card: 'M0001' })));
  const statuses = results.map((r) => r.status).sort();
  assert.is(statuses.filter((s) => s === 201).length, 1);
  assert.is(statuses.filter((s) => s === 409).length, 39);
  assert.ok(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'key_already_out'));
  assert.is(app.db.prepare("SELECT COUNT(*) FROM key_handouts WHERE key_id = 'L010'").pluck().get(), 1);
  assert.is(events('key.handed_out').filter((e) => e.keyId === 'L010').length, 1);
});

api('the one-open-lending index holds even against a direct second insert', async () => {
  assert.throws(
    () => app.db.prepare("INSERT INTO key_handouts (id, key_id, category, holder_kind, holder_name, staff, handed_out_ms) VALUES ('x', 'L010', 'member_locker', 'member', 'x', '001', 0)").run(),
    /UNIQUE constraint failed: key_handouts.key_id/,
  );
});

api('return with a different card is accepted and flagged; returning a key that is in → 409', async () => {
  const res = await call('POST', '/api/keys/L001/return', { card: 'M0002' });
  assert.is(res.status, 200);
  assert.equal([res.body.wrongCard, res.body.overdue, res.body.key.state], [true, false, 'in']);
  const returned = events('key.returned');
  assert.equal([returned.length, returned[0].wrongCard, returned[0].keyId], [1, true, 'L001']);
  const twice = await call('POST', '/api/keys/L001/return', {});
  assert.equal([twice.status, twice.body.error.code], [409, 'key_not_out']);
  const right = await call('POST', '/api/keys/L010/return', { card: 'M0001' });
  assert.equal([right.status, right.body.wrongCard], [200, false]);
});

api('owner, equipment-room and public-area keys follow their rules over HTTP', async () => {
  const unsigned = await call('POST', '/api/keys/P-3-2-1201/handout', { holder: { name: '李四', identityChecked: true } });
  assert.equal([unsigned.status, unsigned.body.error.code], [400, 'signature_required']);
  const owner = await call('POST', '/api/keys/P-3-2-1201/handout', { holder: { name: '李四', identityChecked: true, signature: '李四' } });
  assert.equal([owner.status, owner.body.key.handout.dueBackAt], [201, null]);

  const clerkApproves = await call('POST', '/api/keys/EQ-PUMP/handout', { holder: { staff: '002' }, approver: { staff: '001', pin: '1234' } });
  assert.equal([clerkApproves.status, clerkApproves.body.error.code], [403, 'approver_not_authorized']);
  const wrongPin = await call('POST', '/api/keys/EQ-PUMP/handout', { holder: { staff: '002' }, approver: { staff: '801', pin: '0000' } });
  assert.equal([wrongPin.status, wrongPin.body.error.code], [403, 'approver_not_verified']);
  const approved = await call('POST', '/api/keys/EQ-PUMP/handout', { holder: { staff: '002' }, approver: { staff: '801', pin: '4321' }, reason: '水泵检修' });
  assert.equal([approved.status, approved.body.key.handout.approver, approved.body.key.handout.holder.name], [201, '801', '李强']);
  assert.is(events('key.handed_out').at(-1).approver, '801');

  const noReason = await call('POST', '/api/keys/PA-F1/handout', { holder: { name: '保洁 李', contact: '保洁部' } });
  assert.equal([noReason.status, noReason.body.error.code], [400, 'reason_required']);
  const pub = await call('POST', '/api/keys/PA-F1/handout', { holder: { name: '保洁 李', contact: '保洁部' }, reason: '擦窗' });
  assert.is(pub.status, 201);
});

api('overdue keys show on the staff list and in the retained keys topic', async () => {
  assert.equal(app.context.stateTopics.read('keys'), { out: 3, overdue: 0, overdueKeys: [] });
  clock.advance(4 * 3600_000 + 60_000); // public-area and equipment-room keys are due after 4 h
  assert.equal(app.context.stateTopics.read('keys'), { out: 3, overdue: 2, overdueKeys: ['EQ-PUMP', 'PA-F1'] });
  const out = await call('GET', '/api/keys?state=out');
  assert.equal(out.body.keys.map((k: { id: string; handout: { overdue: boolean } }) => [k.id, k.handout.overdue]), [['P-3-2-1201', false], ['PA-F1', true], ['EQ-PUMP', true]]);
  assert.is(out.body.overdue, 2);
});

api('end of shift: refused with the list while a key is unexplained, then stored and exported', async () => {
  const partial = await call('POST', '/api/shift/reconcile', { items: [{ keyId: 'PA-F1', status: 'returned' }, { keyId: 'EQ-PUMP', status: 'still_out' }], handoverNote: '交接' });
  assert.is(partial.status, 409);
  assert.is(partial.body.error.code, 'keys_unexplained');
  assert.equal(partial.body.error.unexplained.map((u: { keyId: string; problem: string }) => `${u.keyId}:${u.problem}`).sort(), ['EQ-PUMP:reason_missing', 'P-3-2-1201:not_confirmed']);
  assert.is(events('shift.reconciled').length, 0);
  assert.is((await call('GET', '/api/keys?state=out')).body.out, 3, 'a refused reconcile returns nothing');

  const ok = await call('POST', '/api/shift/reconcile', {
    items: [
      { keyId: 'PA-F1', status: 'returned' },
      { keyId: 'EQ-PUMP', status: 'still_out', reason: '水泵检修到明早' },
      { keyId: 'P-3-2-1201', status: 'still_out', reason: '业主自留' },
    ],
    leftBehind: [{ item: '黑色雨伞', where: '前台' }],
    handoverNote: '1号手牌发错卡已核对；水泵房钥匙明早归还。',
  });
  assert.is(ok.status, 201);
  const report = ok.body.report;
  assert.equal(report.keys.map((k: { keyId: string; status: string }) => `${k.keyId}:${k.status}`).sort(), ['EQ-PUMP:still_out', 'P-3-2-1201:still_out', 'PA-F1:returned']);
  assert.equal(report.activity.wrongCards.map((w: { keyId: string }) => w.keyId), ['L001']);
  assert.is((await call('GET', '/api/keys?state=out')).body.out, 2);
  const summary = events('shift.reconciled')[0];
  assert.equal([summary.keysOut, summary.returned, summary.stillOut, summary.wrongReturns, summary.leftBehind], [3, 1, 2, 1, 1]);
  assert.equal(events('key.returned').at(-1).via, 'reconcile');

  const csv = await call('GET', ok.body.csv);
  assert.is(csv.status, 200);
  assert.match(csv.type, /text\/csv/);
  assert.ok(csv.text.includes('key,EQ-PUMP,水泵房,equipment_room,still_out,水泵检修到明早'));
  assert.ok(csv.text.includes('wrong_card,L001'));
  const html = await call('GET', ok.body.html);
  assert.match(html.type, /text\/html/);
  assert.ok(html.text.includes('黑色雨伞') && html.text.includes('水泵房钥匙明早归还'));
  const json = await call('GET', `/api/shift/reports/${report.id}`);
  assert.is(json.body.report.id, report.id);
  assert.is((await call('GET', '/api/shift/reports/00000000-0000-0000-0000-000000000000.csv')).status, 404);
  assert.is((await call('GET', '/api/shift/reports')).body.reports.length, 1);
});

api('corrections are new log entries; the corrected entry is untouched', async () => {
  const log = (await call('GET', '/api/keys/log?limit=1000')).body.entries as { seq: number; kind: string; keyId: string; content: Record<string, unknown>; hash: string }[];
  const pub = log.find((e) => e.kind === 'key.handed_out' && e.keyId === 'PA-F1')!;
  const res = await call('POST', `/api/keys/log/${pub.seq}/correct`, { note: '借用人姓名登记错误', set: { holderName: '保洁 李红' } });
  assert.is(res.status, 201);
  const after = (await call('GET', '/api/keys/log?limit=1000')).body.entries as typeof log;
  assert.is(after.length, log.length + 1);
  assert.equal(after[0].kind, 'key.corrected');
  assert.equal(after[0].content.correctsEntry, pub.seq);
  assert.equal(after.find((e) => e.seq === pub.seq), pub);
  const noNote = await call('POST', `/api/keys/log/${pub.seq}/correct`, { note: ' ' });
  assert.equal([noNote.status, noNote.body.error.code], [400, 'note_required']);
  assert.is((await call('POST', '/api/keys/log/99999/correct', { note: 'x' })).status, 404);
});

api('members import from CSV: bad rows reported, good rows kept, re-import says what changed', async () => {
  const first = await cli(runImportMembersCommand, [resolve('test/fixtures/members-bad-rows.csv'), '--config', configFile]);
  assert.is(first.code, 1);
  assert.match(first.out, /added 3, updated 0, removed 0, unchanged 0, rejected 6/);
  assert.match(first.out, /line 5 \(M1005\): .*unknown status/);
  const granted = await call('POST', '/api/keys/L020/handout', { card: 'M1001' });
  assert.is(granted.status, 201, 'a good row from the file is usable');
  const expired = await call('POST', '/api/keys/L021/handout', { card: 'M1008' });
  assert.equal([expired.status, expired.body.error.code], [409, 'card_not_valid']);
  const second = await cli(runImportMembersCommand, [resolve('test/fixtures/members.csv'), '--config', configFile, '--json']);
  assert.is(second.code, 0);
  const s = JSON.parse(second.out);
  assert.equal([s.added, s.updated, s.removed], [['M0001', 'M0002', 'M1002', 'M1003'], [], ['M1008', 'M1009']]);
  assert.equal(events('member.imported').map((e) => [e.source, e.added, e.removed]).slice(-2), [['csv', 3, 0], ['csv', 4, 2]]);
  assert.is((await cli(runImportMembersCommand, ['/nonexistent.csv', '--config', configFile])).code, 2);
});

api('the chain proves out; a direct UPDATE in SQLite is blocked, and caught once the guard is dropped', async () => {
  const good = await call('GET', '/api/keys/verify');
  assert.is(good.body.ok, true);
  // one log entry per key event: 6 handouts, 3 returns, 1 reconcile, 1 correction
  const keyEvents = app.db.prepare("SELECT COUNT(*) FROM events WHERE type IN ('key.handed_out', 'key.returned', 'key.corrected', 'shift.reconciled')").pluck().get();
  assert.equal([good.body.entries, keyEvents], [11, 11]);
  assert.is((await cli(runVerifyLogCommand, ['--config', configFile])).code, 0);

  const tamper = new Database(databasePath(loaded.dataDir));
  try {
    assert.throws(() => tamper.prepare("UPDATE key_log SET content = replace(content, 'M0001', 'M0009') WHERE seq = 1").run(), /append-only/);
    tamper.exec('DROP TRIGGER key_log_no_update');
    tamper.prepare("UPDATE key_log SET content = replace(content, 'M0001', 'M0009') WHERE seq = 2").run();
  } finally {
    tamper.close();
  }
  const bad = await call('GET', '/api/keys/verify');
  assert.equal([bad.body.ok, bad.body.firstBad.seq, bad.body.firstBad.problem, bad.body.entries], [false, 2, 'hash_mismatch', 1]);
  const viaCli = await cli(runVerifyLogCommand, ['--config', configFile]);
  assert.is(viaCli.code, 1);
  assert.match(viaCli.out, /BROKEN at entry 2: hash_mismatch/);
});

api.run();
