import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hashPin, verifyPin } from '../../firmware-bridge/staff/pin-hash.js';
import { decideHandout, type HandoutContext, type HandoutRequest } from '../../firmware-bridge/keys/rules/handout-rules.js';
import { expandInventory, type KeyDefinition } from '../../firmware-bridge/keys/rules/key-inventory.js';
import type { Handout } from '../../firmware-bridge/keys/rules/key-types.js';
import { inventoryChangeRefusal } from '../../firmware-bridge/keys/rules/inventory-change.js';
import { decideReturn } from '../../firmware-bridge/keys/rules/return-rules.js';
import { decideReconcile } from '../../firmware-bridge/keys/rules/reconcile-rules.js';
import { keysTopicPayload } from '../../firmware-bridge/keys/rules/overdue.js';
import { shiftReportCsv, shiftReportHtml } from '../../firmware-bridge/keys/rules/shift-report-format.js';
import { checkCard, type Member } from '../../firmware-bridge/members/rules/member-validity.js';
import { isRefusal } from '../../firmware-bridge/kernel/refusal.js';
import { testConfig } from '../fixtures/test-config.js';

const config = testConfig({
  hours: { weekly: { tue: { open: '09:30', close: '22:00' }, wed: 'closed' } },
});
const tz = 'Asia/Shanghai';
const T = (iso: string) => new Date(iso).getTime();
const NOW = T('2026-11-24T10:00:00+08:00'); // a Tuesday
const inventory = expandInventory(config.keys);
const key = (id: string) => inventory.find((k) => k.id === id);
const engineerPinHash = hashPin('4321', 1024);
const staffList = [
  { number: '001', name: '张敏', pinHash: hashPin('1234', 1024), roles: ['clerk' as const] },
  { number: '800', name: '赵工', pinHash: engineerPinHash, roles: ['engineering_manager' as const] },
  { number: '900', name: '王经理', pinHash: hashPin('9000', 1024), roles: ['manager' as const] },
];
const members: Record<string, Member> = {
  M0001: { card: 'M0001', name: '陈会员', status: 'normal', validUntil: '2027-12-31', suspendedFrom: null, suspendedTo: null },
  M0002: { card: 'M0002', name: '刘会员', status: 'suspended', validUntil: '2027-12-31', suspendedFrom: '2026-11-01', suspendedTo: '2027-01-31' },
  M0003: { card: 'M0003', name: '过期', status: 'normal', validUntil: '2026-11-23', suspendedFrom: null, suspendedTo: null },
  M0004: { card: 'M0004', name: '挂失', status: 'lost', validUntil: null, suspendedFrom: null, suspendedTo: null },
  M0005: { card: 'M0005', name: '计划停卡', status: 'normal', validUntil: null, suspendedFrom: '2026-11-24', suspendedTo: '2026-12-23' },
};

function ctx(keyId: string, over: Partial<HandoutContext> = {}): HandoutContext {
  return {
    key: key(keyId),
    open: undefined,
    staff: { number: '001', name: '张敏', roles: ['clerk'] },
    now: NOW,
    tz,
    hours: config.hours,
    handoutId: 'h-1',
    staffList,
    checkCard: (card) => checkCard(members[card], NOW, tz),
    hashCard: (card) => `hash(${card})`,
    verifyPin,
    ...over,
  };
}

function handed(keyId: string, req: HandoutRequest, over: Partial<HandoutContext> = {}): Handout {
  const d = decideHandout(req, ctx(keyId, over));
  if (isRefusal(d)) throw new Error(`refused: ${d.code}`);
  return d.handout;
}

function refusedCode(keyId: string, req: HandoutRequest, over: Partial<HandoutContext> = {}): string {
  const d = decideHandout(req, ctx(keyId, over));
  return isRefusal(d) ? `${d.status} ${d.code}` : 'granted';
}

const inv = suite('key inventory');
inv('ranges expand to padded ids with labels; singles keep theirs', () => {
  assert.is(inventory.filter((k) => k.category === 'member_locker').length, 50);
  assert.equal(key('L007'), { id: 'L007', label: '007号手牌', category: 'member_locker', dueBackMinutes: undefined });
  assert.equal(key('EQ-PUMP')?.category, 'equipment_room');
  assert.is(key('L051'), undefined);
});
inv('a new inventory may drop or move keys that are in, never one that is out', () => {
  const out = [{ keyId: 'L007', category: 'member_locker' as const }];
  const without = (id: string) => inventory.filter((k) => k.id !== id);
  assert.is(inventoryChangeRefusal(without('L008'), out), null);
  assert.is(inventoryChangeRefusal(inventory.map((k) => (k.id === 'L007' ? { ...k, label: '七号' } : k)), out), null, 'relabelling is fine');
  const removed = inventoryChangeRefusal(without('L007'), out);
  assert.equal([removed?.status, removed?.code], [409, 'key_is_out']);
  assert.match(removed!.message, /“L007”已借出.*·.*Key "L007" is out/);
  const moved = inventoryChangeRefusal(inventory.map((k) => (k.id === 'L007' ? { ...k, category: 'public_area' as const } : k)), out);
  assert.match(moved!.message, /会员手牌.*公共区域钥匙.*from Member locker to Public area/);
});
inv.run();

const lockers = suite('member lockers: a card in normal use');
lockers('a valid card gets the key, due back at closing time, event carries a hash not the card', () => {
  const d = decideHandout({ card: ' m0001 ' }, ctx('L001'));
  if (isRefusal(d)) throw new Error(d.code);
  assert.is(d.handout.holder.card, 'M0001');
  assert.is(d.handout.holder.name, '陈会员');
  assert.is(d.handout.dueBackAt, T('2026-11-24T22:00:00+08:00'));
  const payload = d.event.payload;
  assert.is(d.event.type, 'key.handed_out');
  assert.is(payload.cardHash, 'hash(M0001)');
  assert.is(payload.dueBackAt, '2026-11-24T22:00:00+08:00');
  assert.not.ok('card' in payload);
  assert.not.ok(JSON.stringify(payload).includes('陈会员'));
});
lockers('every card not in normal use is refused 409 card_not_valid with its reason', () => {
  for (const [card, reason] of [['M0002', 'suspended'], ['M0003', 'expired'], ['M0004', 'lost'], ['M0005', 'suspended'], ['X999', 'unknown_card']]) {
    const d = decideHandout({ card }, ctx('L001'));
    assert.ok(isRefusal(d), card);
    if (!isRefusal(d)) return;
    assert.is(d.status, 409);
    assert.is(d.code, 'card_not_valid');
    assert.ok(d.message.includes(`[${reason}]`), `${card}: ${d.message}`);
  }
});
lockers('no card → 400; unknown key → 404; key already out → 409', () => {
  assert.is(refusedCode('L001', { holder: { name: 'x', contact: 'y' } }), '400 card_required');
  assert.is(refusedCode('NOPE', { card: 'M0001' }), '404 key_not_found');
  const open = handed('L001', { card: 'M0001' });
  assert.is(refusedCode('L001', { card: 'M0001' }, { open }), '409 key_already_out');
});
lockers('after closing or on a closed day a locker is due at the end of the local day', () => {
  const late = T('2026-11-24T22:30:00+08:00');
  assert.is(handed('L002', { card: 'M0001' }, { now: late }).dueBackAt, T('2026-11-25T00:00:00+08:00'));
  const closedDay = T('2026-11-25T10:00:00+08:00');
  assert.is(handed('L002', { card: 'M0001' }, { now: closedDay, checkCard: (c) => checkCard(members[c], closedDay, tz) }).dueBackAt, T('2026-11-26T00:00:00+08:00'));
});
lockers.run();

const owner = suite('owner keys: identity checked and signed');
owner('needs name, identity check and a matching typed signature', () => {
  assert.is(refusedCode('P-3-2-1201', { holder: { identityChecked: true, signature: '李四' } }), '400 holder_required');
  assert.is(refusedCode('P-3-2-1201', { holder: { name: '李四', signature: '李四' } }), '400 identity_not_checked');
  assert.is(refusedCode('P-3-2-1201', { holder: { name: '李四', identityChecked: true } }), '400 signature_required');
  assert.is(refusedCode('P-3-2-1201', { holder: { name: '李四', identityChecked: true, signature: '王五' } }), '400 signature_mismatch');
  const h = handed('P-3-2-1201', { holder: { name: '李四', identityChecked: true, signature: ' 李 四 ' } });
  assert.equal([h.holder.kind, h.holder.name, h.signature, h.dueBackAt], ['owner', '李四', '李 四', null]);
});
owner.run();

const equipment = suite('equipment-room keys: engineering manager approves');
equipment('approver must be an engineering manager with the right PIN', () => {
  const holder = { staff: '001' };
  assert.is(refusedCode('EQ-PUMP', { holder }), '400 approver_required');
  assert.is(refusedCode('EQ-PUMP', { holder, approver: { staff: '800', pin: '0000' } }), '403 approver_not_verified');
  assert.is(refusedCode('EQ-PUMP', { holder, approver: { staff: '777', pin: '4321' } }), '403 approver_not_verified');
  assert.is(refusedCode('EQ-PUMP', { holder, approver: { staff: '900', pin: '9000' } }), '403 approver_not_authorized');
  assert.is(refusedCode('EQ-PUMP', { approver: { staff: '800', pin: '4321' } }), '400 holder_not_registered');
  const h = handed('EQ-PUMP', { holder, approver: { staff: '800', pin: '4321' } });
  assert.equal([h.approver, h.holder.kind, h.holder.name, h.dueBackAt], ['800', 'staff', '张敏', NOW + 240 * 60_000]);
});
equipment.run();

const pub = suite('public-area keys: registered holder and reason');
pub('needs a registered holder and a reason', () => {
  assert.is(refusedCode('PA-F1', { holder: { name: '保洁 李' }, reason: '清洁' }), '400 holder_not_registered');
  assert.is(refusedCode('PA-F1', { holder: { name: '保洁 李', contact: '物业保洁部' } }), '400 reason_required');
  assert.is(refusedCode('PA-F1', { holder: { staff: '555' }, reason: '清洁' }), '400 holder_not_registered');
  assert.is(refusedCode('PA-F1', { card: 'M0002', reason: '清洁' }), '409 card_not_valid');
  const h = handed('PA-F1', { holder: { name: '保洁 李', contact: '物业保洁部' }, reason: '清洁窗户' });
  assert.equal([h.holder.kind, h.holder.contact, h.reason], ['registered', '物业保洁部', '清洁窗户']);
});
pub.run();

const returns = suite('returns');
returns('not out → 409; a different card is accepted and flagged; overdue and time out measured', () => {
  const open = handed('L001', { card: 'M0001' });
  const base = { key: key('L001'), staff: '002', tz, hashCard: (c: string) => `hash(${c})` };
  const notOut = decideReturn({}, { ...base, open: undefined, now: NOW });
  assert.ok(isRefusal(notOut) && notOut.status === 409 && notOut.code === 'key_not_out');
  const same = decideReturn({ card: 'm0001' }, { ...base, open, now: NOW + 3600_000 });
  if (isRefusal(same)) throw new Error(same.code);
  assert.equal([same.handout.wrongCard, same.overdue, (same.event.payload as { outSec: number }).outSec], [false, false, 3600]);
  const wrong = decideReturn({ card: 'M0002' }, { ...base, open, now: T('2026-11-24T22:05:00+08:00') });
  if (isRefusal(wrong)) throw new Error(wrong.code);
  assert.is(wrong.handout.wrongCard, true);
  assert.is(wrong.overdue, true);
  assert.is((wrong.event.payload as { wrongCard: boolean }).wrongCard, true);
  const noCard = decideReturn({}, { ...base, open, now: NOW });
  if (isRefusal(noCard)) throw new Error(noCard.code);
  assert.is(noCard.handout.wrongCard, false);
});
returns('the keys topic counts out and overdue keys, never holders', () => {
  const a = handed('L001', { card: 'M0001' });
  const b = handed('PA-F1', { holder: { name: '保洁 李', contact: '物业' }, reason: '清洁' });
  const payload = keysTopicPayload([a, b], T('2026-11-24T14:30:00+08:00'));
  assert.equal(payload, { out: 2, overdue: 1, overdueKeys: ['PA-F1'] });
});
returns.run();

const shift = suite('end-of-shift reconciliation');
const keysMap = new Map<string, KeyDefinition>(inventory.map((k) => [k.id, k]));
function reconcileCtx(open: Handout[], recent: Handout[] = open) {
  return { open, recent, keys: keysMap, staff: { number: '001', name: '张敏', roles: ['clerk'] }, now: T('2026-11-24T22:10:00+08:00'), tz, reportId: 'r-1', since: null, hashCard: (c: string) => `hash(${c})` };
}
shift('every key out must be confirmed; still-out needs a reason; a handover note is required', () => {
  const a = handed('L001', { card: 'M0001' });
  const b = handed('L002', { card: 'M0001' }, { handoutId: 'h-2' });
  const c = handed('PA-F1', { holder: { staff: '001' }, reason: '维修' }, { handoutId: 'h-3' });
  const open = [a, b, c];
  const noNote = decideReconcile({ items: [], leftBehind: [], handoverNote: ' ' }, reconcileCtx(open));
  assert.ok(isRefusal(noNote) && noNote.code === 'handover_note_required');
  const partial = decideReconcile({ items: [{ keyId: 'L001', status: 'returned' }, { keyId: 'PA-F1', status: 'still_out' }], leftBehind: [], handoverNote: '正常' }, reconcileCtx(open));
  if (!isRefusal(partial)) throw new Error('should refuse');
  assert.is(partial.status, 409);
  assert.is(partial.code, 'keys_unexplained');
  assert.equal(partial.details?.unexplained.map((u) => `${u.keyId}:${u.problem}`), ['L002:not_confirmed', 'PA-F1:reason_missing']);
  const ok = decideReconcile(
    {
      items: [{ keyId: 'L001', status: 'returned' }, { keyId: 'L002', status: 'missing' }, { keyId: 'PA-F1', status: 'still_out', reason: '维修到明天' }],
      leftBehind: [{ item: '水杯', where: '3号柜' }],
      handoverNote: 'L002 手牌丢失，已告知经理',
    },
    reconcileCtx(open),
  );
  if (isRefusal(ok)) throw new Error(ok.code);
  assert.equal(ok.events.map((e) => e.type), ['key.returned', 'shift.reconciled']);
  assert.equal(ok.missing, ['h-2']);
  assert.equal(ok.report.keys.map((k) => [k.keyId, k.status, k.overdue]), [['L001', 'returned', true], ['L002', 'missing', true], ['PA-F1', 'still_out', true]]);
  const summary = ok.events[1];
  if (summary.type !== 'shift.reconciled') throw new Error(summary.type);
  assert.equal([summary.payload.keysOut, summary.payload.returned, summary.payload.stillOut, summary.payload.missing, summary.payload.leftBehind], [3, 1, 1, 1, 1]);
  const csv = shiftReportCsv(ok.report);
  assert.ok(csv.startsWith('\uFEFFsection,key,label'));
  assert.ok(csv.includes('key,L002,002号手牌,member_locker,missing'));
  assert.ok(csv.includes('left_behind,,水杯'));
  const html = shiftReportHtml(ok.report, '示范服务大厅');
  assert.ok(html.includes('交接班记录') && html.includes('L002 手牌丢失，已告知经理') && html.includes('水杯'));
});
shift('report text is escaped: CSV formulas neutralised, HTML tags inert', () => {
  const a = handed('PA-F1', { holder: { name: '<script>x</script>', contact: '=cmd()' }, reason: 'r' });
  const ok = decideReconcile({ items: [{ keyId: 'PA-F1', status: 'still_out', reason: '=HYPERLINK("x")' }], leftBehind: [], handoverNote: '<b>n</b>' }, reconcileCtx([a]));
  if (isRefusal(ok)) throw new Error(ok.code);
  assert.ok(shiftReportCsv(ok.report).includes(`"'=HYPERLINK(""x"")"`));
  const html = shiftReportHtml(ok.report, 's');
  assert.not.ok(html.includes('<script>x'));
  assert.ok(html.includes('&lt;b&gt;n&lt;/b&gt;'));
});
shift.run();
