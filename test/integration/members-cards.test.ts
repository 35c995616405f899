import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { keysFeature } from '../../firmware-bridge/keys/keys-feature.js';
import { membersFeature } from '../../firmware-bridge/members/members-feature.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { createCardHasher, loadCardHashKey } from '../../firmware-bridge/telemetry/card-hash.js';
import { sanitizeEvent } from '../../firmware-bridge/telemetry/sanitize.js';
import { FakePrinter } from '../fixtures/fake-printer.js';
import { openPtyPair, type PtyPair } from '../fixtures/pty-pair.js';
import { signaturePng } from '../fixtures/signature-png.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/**
 * Member card operations over HTTP on the real service: the rules answer 409 with their codes and
 * change nothing, the key gate sees suspensions and replacements, and the replacement receipt
 * arrives on a fake thermal printer over a real pty (socat), read back from the ESC/POS bytes.
 */
const cards = suite('member card operations');
const clock = new FakeClock('2026-11-24T10:00:00+08:00'); // a Tuesday
const member = (card: string, extra: object = {}) => ({ card, name: `会员${card.slice(-1)}`, status: 'normal', validUntil: '2027-06-30', ...extra });
let pair: PtyPair;
let fake: FakePrinter;
let app: RunningApp;
let loaded: ReturnType<typeof testLoadedConfig>;
let token = '';

async function call(method: string, path: string, body?: unknown, auth = token) {
  const res = await fetch(app.url + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null };
}
const eventCount = () => app.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
const events = (type: string) => app.db.prepare('SELECT id, seq, type, at, payload FROM events WHERE type = ? ORDER BY seq').all(type).map((e) => ({ ...(e as object), payload: JSON.parse((e as { payload: string }).payload) })) as { id: string; seq: number; type: string; at: string; payload: Record<string, unknown> }[];
const signature = signaturePng();
const suspend = (card: string, from: string, months: number, sig: string | null = signature) => call('POST', `/api/members/${card}/suspend`, { from, months, ...(sig === null ? {} : { signature: sig }) });

/** Refused with this status and code, with a bilingual message, and nothing committed. */
async function refused(res: Promise<{ status: number; body: { error?: { code: string; message: string } } }>, status: number, code: string) {
  const before = eventCount();
  const r = await res;
  assert.is(r.status, status, JSON.stringify(r.body));
  assert.is(r.body.error?.code, code);
  assert.match(r.body.error!.message, / · /);
  assert.is(eventCount(), before, 'a refusal commits nothing');
  return r.body.error as { code: string; message: string } & Record<string, unknown>;
}

async function login() {
  const r = await call('POST', '/api/session', { staff: '001', pin: '1234' }, '');
  assert.is(r.status, 200);
  token = r.body.token;
}

cards.before(async () => {
  pair = await openPtyPair('cards-printer');
  fake = new FakePrinter(pair.peerPath);
  await fake.start();
  loaded = testLoadedConfig({
    members: { cards: [member('M0001'), member('M0003'), member('M0004'), member('M0005'), member('M0006', { status: 'lost' })] },
    cards: { replaceFee: 25, consultants: [{ number: '301', name: '周顾问', from: '09:00', to: '21:00' }] },
    devices: { printer: { kind: 'serial', path: pair.devicePath, baud: 38400, statusPollMs: 1000 } },
  });
  app = await startApp(loaded, { log: silentLogger, clock, features: [queueFeature(), keysFeature(), membersFeature()] });
  await login();
  for (let i = 0; i < 100 && (await app.http.inject({ method: 'GET', url: '/api/health' })).json().devices.printer?.state !== 'ok'; i++) await new Promise((r) => setTimeout(r, 50));
});

cards.after(async () => {
  await app?.close();
  await fake?.stop();
  await pair?.close();
  loaded?.cleanup();
});

cards('staff only: without a token every card route is 401', async () => {
  assert.is((await call('GET', '/api/members/M0001', undefined, '')).status, 401);
  assert.is((await call('POST', '/api/members/M0001/suspend', { from: '2026-12-01', months: 1, signature }, '')).status, 401);
  assert.is((await call('GET', '/api/members/paperwork', undefined, '')).status, 401);
});

cards('bad input is a 400 that changes nothing', async () => {
  await refused(suspend('M0001', '2026-13-01', 1), 400, 'invalid_field');
  await refused(call('POST', '/api/members/M0001/suspend', { from: '2026-12-01', months: 'one', signature }), 400, 'invalid_field');
  await refused(suspend('M0001', '2026-12-01', -1), 400, 'invalid_field');
  await refused(suspend('M0001', '2026-12-01', 1, 'data:image/png;base64,AAAA'), 400, 'invalid_field');
  await refused(call('POST', '/api/members/M0005/transfer', {}), 400, 'missing_field');
  await refused(call('POST', '/api/members/M0005/replace', { newCard: 'N 0005 !' }), 400, 'invalid_field');
  await refused(call('GET', '/api/members/paperwork?date=yesterday'), 400, 'invalid_field');
  assert.equal(readdirSync(loaded.dataDir).filter((f) => f === 'signatures'), []);
});

cards('no signature, or a blank one, is refused: staff may not suspend for the member', async () => {
  await refused(suspend('M0001', '2026-12-01', 1, null), 409, 'signature_required');
  await refused(suspend('M0001', '2026-12-01', 1, signaturePng({ blank: true })), 409, 'signature_required');
});

cards('a two-week suspension is refused: whole months only', async () => {
  await refused(suspend('M0001', '2026-12-01', 0.5), 409, 'suspend_whole_months');
});

cards('a signed one-month suspension: committed event with the signature hash, PNG kept in the data dir, nothing personal on MQTT', async () => {
  const r = await suspend('m 0001', '2026-12-01', 1);
  assert.is(r.status, 201, r.text);
  assert.equal(r.body.suspension.from, '2026-12-01');
  assert.equal(r.body.suspension.to, '2026-12-31');
  assert.is(r.body.card.validUntil, '2027-07-30', 'the suspended month is added to the expiry');
  const [event] = events('card.suspended');
  const png = Buffer.from(signature.split(',')[1], 'base64');
  assert.is(event.payload.signatureSha256, createHash('sha256').update(png).digest('hex'));
  const hashCard = createCardHasher(loadCardHashKey(loaded.dataDir));
  assert.is(event.payload.cardHash, hashCard('M0001'));
  const file = join(loaded.dataDir, 'signatures', `${event.payload.suspensionId}.png`);
  assert.ok(existsSync(file));
  assert.ok(readFileSync(file).equals(png));
  const out = JSON.stringify(sanitizeEvent(event, hashCard));
  for (const secret of ['M0001', '会员1', 'signature', signature.slice(30, 60), String(event.payload.signatureSha256)]) assert.not.ok(out.includes(secret), `${secret} left the desk: ${out}`);
});

cards('more than 3 months in one membership year is refused', async () => {
  assert.is((await suspend('M0003', '2026-12-01', 2)).status, 201);
  const error = await refused(suspend('M0003', '2027-03-01', 2), 409, 'suspend_limit');
  assert.is(error.usedMonths, 2);
  assert.is((await suspend('M0003', '2027-03-01', 1)).status, 201, 'three months exactly is allowed');
});

cards('a fourth suspension in one membership year is refused', async () => {
  for (const from of ['2026-12-01', '2027-02-01', '2027-04-01']) assert.is((await suspend('M0004', from, 1)).status, 201);
  const error = await refused(suspend('M0004', '2027-06-01', 1), 409, 'suspend_limit');
  assert.is(error.usedParts, 3);
  assert.is((await suspend('M0004', '2027-07-01', 1)).status, 201, 'the next membership year starts afresh');
});

cards('transfer: the card shows the time left first; once only, to the consultant on duty', async () => {
  const before = await call('GET', '/api/members/M0005');
  assert.is(before.status, 200);
  assert.is(before.body.card.remainingDays, 219);
  assert.equal(before.body.card.consultantsOnDuty, [{ number: '301', name: '周顾问' }]);
  const r = await call('POST', '/api/members/M0005/transfer', { to: { name: '王新', contact: '13800000000' } });
  assert.is(r.status, 201, r.text);
  assert.is(Object.keys(r.body)[0], 'remaining');
  assert.equal(r.body.remaining, { days: 219, validUntil: '2027-06-30' });
  assert.equal(r.body.transfer.consultant, { number: '301', name: '周顾问' });
  assert.is(r.body.transfer.paperKept, true);
  const [event] = events('card.transferred');
  assert.is(event.payload.consultant, '301');
  assert.not.ok(JSON.stringify(event.payload).includes('王新'));
  await refused(call('POST', '/api/members/M0005/transfer', { to: '李四' }), 409, 'already_transferred');
  assert.is((await call('GET', '/api/members/M0005')).body.card.holder, '王新');
});

cards('replace: fee charged, receipt printed over the pty in GB18030, old card void, new card inherits', async () => {
  const arrived = fake.waitForTicket(10_000);
  const r = await call('POST', '/api/members/M0005/replace', { newCard: 'n0005' });
  assert.is(r.status, 201, r.text);
  assert.equal(r.body.receipt, { number: 'BK20261124-001', printed: true });
  assert.is(r.body.replacement.fee, '¥25.00');
  const receipt = await arrived;
  for (const line of ['补卡收据 / Card replacement receipt', '收据号 No. BK20261124-001', '原卡 Old card: ****0005', '新卡 New card: ****0005', '补卡费 Fee: ¥25.00', '经办 Staff: 001'])
    assert.ok(receipt.text.includes(line), `"${line}" not on ${JSON.stringify(receipt.text)}`);
  assert.is(receipt.cut, 'partial');
  const [event] = events('card.replaced');
  assert.is(event.payload.feeCents, 2500);
  assert.is(event.payload.receiptNumber, 'BK20261124-001');

  // The old card is void everywhere: operations and the key gate.
  const old = await refused(suspend('M0005', '2026-12-01', 1), 409, 'card_not_valid');
  assert.is(old.reason, 'replaced');
  const gate = await refused(call('POST', '/api/keys/L010/handout', { card: 'M0005' }), 409, 'card_not_valid');
  assert.is(gate.reason, 'replaced');
  await refused(call('POST', '/api/members/M0005/replace', { newCard: 'N0099' }), 409, 'card_not_valid');
  // The new card carries the old one's state: its holder, and its one transfer used up.
  const now = await call('GET', '/api/members/N0005');
  assert.is(now.body.card.holder, '王新');
  assert.is(now.body.card.valid, true);
  await refused(call('POST', '/api/members/N0005/transfer', { to: '李四' }), 409, 'already_transferred');
  await refused(call('POST', '/api/members/M0001/replace', { newCard: 'N0005' }), 409, 'card_in_use');
});

cards('a lost card replaced: the new card opens the key gate, the lost one still does not', async () => {
  await refused(call('POST', '/api/keys/L011/handout', { card: 'M0006' }), 409, 'card_not_valid');
  const r = await call('POST', '/api/members/M0006/replace', { newCard: 'N0006' });
  assert.is(r.status, 201, r.text);
  assert.is(r.body.receipt.number, 'BK20261124-002');
  await fake.waitForTicket(10_000).catch(() => null);
  assert.is((await call('POST', '/api/keys/L011/handout', { card: 'N0006' })).status, 201);
  assert.is((await call('POST', '/api/keys/L011/return', { card: 'N0006' })).status, 200);
});

cards('the day\'s paperwork lists every operation, for the manager before closing', async () => {
  const r = await call('GET', '/api/members/paperwork?date=2026-11-24');
  assert.is(r.status, 200);
  const kinds = r.body.items.map((i: { kind: string }) => i.kind);
  assert.equal(kinds.filter((k: string) => k === 'suspend').length, 7);
  assert.equal(kinds.filter((k: string) => k === 'transfer').length, 1);
  assert.equal(kinds.filter((k: string) => k === 'replace').length, 2);
  const transfer = r.body.items.find((i: { kind: string }) => i.kind === 'transfer');
  assert.match(transfer.summary, /周顾问/);
  assert.match(transfer.summary, /paper record kept/);
  assert.equal((await call('GET', '/api/members/paperwork?date=2026-11-23')).body.items, []);
});

cards('key gate: a suspended card is refused during the suspension and accepted after its end date', async () => {
  assert.is((await call('POST', '/api/keys/L001/handout', { card: 'M0001' })).status, 201, 'valid before the suspension');
  assert.is((await call('POST', '/api/keys/L001/return', { card: 'M0001' })).status, 200);
  clock.set('2026-12-10T10:00:00+08:00');
  await login(); // the staff token has expired meanwhile
  const during = await refused(call('POST', '/api/keys/L001/handout', { card: 'M0001' }), 409, 'card_not_valid');
  assert.is(during.reason, 'suspended');
  clock.set('2026-12-31T23:00:00+08:00');
  await login();
  await refused(call('POST', '/api/keys/L001/handout', { card: 'M0001' }), 409, 'card_not_valid');
  clock.set('2027-01-01T08:00:00+08:00');
  await login();
  const after = await call('POST', '/api/keys/L001/handout', { card: 'M0001' });
  assert.is(after.status, 201, `valid again by itself after the end date: ${after.text}`);
  assert.is((await call('GET', '/api/members/M0001')).body.card.valid, true);
});

cards.run();
