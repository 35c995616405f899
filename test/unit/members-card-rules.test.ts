import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addMonths, membershipYear, monthsEnd } from '../../firmware-bridge/members/rules/card-dates.js';
import {
  checkCardState,
  consultantsOnDuty,
  decideReplace,
  decideSuspend,
  decideTransfer,
  effectiveValidUntil,
  remainingDays,
  type CardSettings,
  type CardState,
  type Suspension,
} from '../../firmware-bridge/members/rules/card-rules.js';

const tz = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso).getTime();
const NOW = at('2026-11-24T10:00:00+08:00'); // a Tuesday
const settings: CardSettings = {
  suspend: { maxMonthsPerYear: 3, maxParts: 3 },
  replaceFee: 20,
  consultants: [{ number: '301', name: '周顾问', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' }],
};

function card(over: Partial<CardState> = {}, suspensions: Suspension[] = []): CardState {
  return {
    card: 'M0001',
    memberCard: 'M0001',
    member: { card: 'M0001', name: '陈会员', status: 'normal', validUntil: '2027-06-30', suspendedFrom: null, suspendedTo: null },
    holderName: '陈会员',
    suspensions,
    transferred: false,
    replacedBy: null,
    isReplacement: false,
    ...over,
  };
}
const s = (id: string, from: string, months: number): Suspension => ({ id, from, to: monthsEnd(from, months), months });
const suspendCtx = (state: CardState | undefined, over: Partial<CardSettings['suspend']> = {}) => ({
  card: 'M0001',
  state,
  now: NOW,
  tz,
  settings: { ...settings, suspend: { ...settings.suspend, ...over } },
  suspensionId: 'sus-1',
  staff: '001',
  cardHash: 'a'.repeat(32),
});
const signed = { signatureSha256: 'f'.repeat(64) };
const code = (d: object) => ('refused' in d ? (d as unknown as { code: string }).code : 'ok');

test('dates: whole months stay inside the month; a suspension ends the day before the same date', () => {
  assert.is(addMonths('2026-01-31', 1), '2026-02-28');
  assert.is(addMonths('2027-12-15', 2), '2028-02-15');
  assert.is(monthsEnd('2026-12-01', 1), '2026-12-31');
  assert.is(monthsEnd('2026-11-24', 3), '2027-02-23');
});

test('membership year runs up to the expiry date as imported; without one, calendar years', () => {
  assert.equal(membershipYear('2027-06-30', '2026-11-24'), { start: '2026-07-01', end: '2027-06-30' });
  assert.equal(membershipYear('2027-06-30', '2026-06-30'), { start: '2025-07-01', end: '2026-06-30' });
  assert.equal(membershipYear('2027-06-30', '2026-07-01'), { start: '2026-07-01', end: '2027-06-30' });
  assert.equal(membershipYear(null, '2026-11-24'), { start: '2026-01-01', end: '2026-12-31' });
});

test('suspend: one whole month with a signature gives card.suspended with the hash, not the card', () => {
  const d = decideSuspend({ from: '2026-12-01', months: 1, ...signed }, suspendCtx(card()));
  assert.ok(!('refused' in d));
  if ('refused' in d) return;
  assert.equal(d.suspension, { id: 'sus-1', from: '2026-12-01', to: '2026-12-31', months: 1 });
  assert.equal(d.event.payload, { suspensionId: 'sus-1', cardHash: 'a'.repeat(32), from: '2026-12-01', to: '2026-12-31', months: 1, part: 1, monthsThisYear: 1, signatureSha256: 'f'.repeat(64), staff: '001' });
  assert.not.ok(JSON.stringify(d.event).includes('M0001'));
  assert.not.ok(JSON.stringify(d.event).includes('陈'));
});

test('suspend: no signature is refused (staff may not suspend on the member\'s behalf)', () => {
  assert.is(code(decideSuspend({ from: '2026-12-01', months: 1, signatureSha256: null }, suspendCtx(card()))), 'signature_required');
});

test('suspend: a two-week suspension is not whole months', () => {
  assert.is(code(decideSuspend({ from: '2026-12-01', months: 0.5, ...signed }, suspendCtx(card()))), 'suspend_whole_months');
  assert.is(code(decideSuspend({ from: '2026-12-01', months: 1.5, ...signed }, suspendCtx(card()))), 'suspend_whole_months');
});

test('suspend: more than 3 months in one membership year is refused, 3 exactly is not', () => {
  const two = card({}, [s('a', '2026-08-01', 2)]);
  assert.is(code(decideSuspend({ from: '2026-12-01', months: 2, ...signed }, suspendCtx(two))), 'suspend_limit');
  assert.is(code(decideSuspend({ from: '2026-12-01', months: 1, ...signed }, suspendCtx(two))), 'ok');
  assert.is(code(decideSuspend({ from: '2026-12-01', months: 4, ...signed }, suspendCtx(card()))), 'suspend_limit');
});

test('suspend: a fourth part in one membership year is refused even with months to spare', () => {
  const three = card({}, [s('a', '2026-07-10', 1), s('b', '2026-09-01', 1), s('c', '2026-11-24', 1)]);
  const d = decideSuspend({ from: '2027-02-01', months: 1, ...signed }, suspendCtx(three, { maxMonthsPerYear: 12 }));
  assert.is(code(d), 'suspend_limit');
  assert.match((d as { message: string }).message, /3/);
  assert.is(code(decideSuspend({ from: '2027-02-01', months: 1, ...signed }, suspendCtx(three, { maxMonthsPerYear: 12, maxParts: 4 }))), 'ok');
});

test('suspend: the next membership year starts afresh; overlaps and backdating are refused', () => {
  const full = card({}, [s('a', '2026-08-01', 3)]);
  assert.is(code(decideSuspend({ from: '2027-07-01', months: 1, ...signed }, suspendCtx(full))), 'ok');
  assert.is(code(decideSuspend({ from: '2027-06-30', months: 1, ...signed }, suspendCtx(full))), 'suspend_limit');
  const one = card({}, [s('a', '2026-12-01', 1)]);
  assert.is(code(decideSuspend({ from: '2026-12-15', months: 1, ...signed }, suspendCtx(one))), 'suspend_overlap');
  assert.is(code(decideSuspend({ from: '2026-11-23', months: 1, ...signed }, suspendCtx(card()))), 'suspend_in_past');
});

test('suspend: unknown, void, lost or expired cards are refused', () => {
  assert.is(code(decideSuspend({ from: '2026-12-01', months: 1, ...signed }, suspendCtx(undefined))), 'unknown_card');
  assert.is(code(decideSuspend({ from: '2026-12-01', months: 1, ...signed }, suspendCtx(card({ replacedBy: 'N1' })))), 'card_not_valid');
  const lost = card({ member: { ...card().member, status: 'lost' } });
  assert.is(code(decideSuspend({ from: '2026-12-01', months: 1, ...signed }, suspendCtx(lost))), 'card_not_valid');
  const expired = card({ member: { ...card().member, validUntil: '2026-11-01' } });
  assert.is(code(decideSuspend({ from: '2026-12-01', months: 1, ...signed }, suspendCtx(expired))), 'card_not_valid');
});

test('key gate: a suspended card fails from its first to its last day and is valid again the day after, by date alone', () => {
  const state = card({}, [s('a', '2026-12-01', 1)]);
  assert.is(checkCardState(state, at('2026-11-30T23:59:00+08:00'), tz).valid, true);
  const during = checkCardState(state, at('2026-12-01T00:00:00+08:00'), tz);
  assert.equal(during.valid ? null : during.reason, 'suspended');
  assert.is(checkCardState(state, at('2026-12-31T23:59:00+08:00'), tz).valid, false);
  assert.is(checkCardState(state, at('2027-01-01T00:00:00+08:00'), tz).valid, true);
});

test('suspended months are added to the expiry; remaining days skip suspended days', () => {
  const state = card({}, [s('a', '2026-12-01', 1)]);
  assert.is(effectiveValidUntil(state), '2027-07-30');
  // 2026-11-24 … 2027-07-30 is 249 days, 31 of them suspended
  assert.is(remainingDays(state, '2026-11-24'), 249 - 31);
  assert.is(remainingDays(card(), '2026-11-24'), 219);
  assert.is(checkCardState(state, at('2027-07-15T10:00:00+08:00'), tz).valid, true);
  assert.is(checkCardState(state, at('2027-07-31T10:00:00+08:00'), tz).valid, false);
});

test('transfer: once per card, to the consultant on duty, with the remaining time', () => {
  const ctx = (state: CardState, now = NOW) => ({ card: 'M0001', state, now, tz, settings, transferId: 't-1', staff: '001', cardHash: 'h'.repeat(32) });
  const d = decideTransfer({ toName: '王新', toContact: null }, ctx(card()));
  assert.ok(!('refused' in d));
  if ('refused' in d) return;
  assert.is(d.transfer.consultant.number, '301');
  assert.is(d.transfer.remainingDays, 219);
  assert.equal(d.event.payload, { transferId: 't-1', cardHash: 'h'.repeat(32), remainingDays: 219, validUntil: '2027-06-30', consultant: '301', paperKept: true, staff: '001' });
  assert.is(code(decideTransfer({ toName: '王新', toContact: null }, ctx(card({ transferred: true })))), 'already_transferred');
  assert.is(code(decideTransfer({ toName: '王新', toContact: null }, ctx(card(), at('2026-11-24T19:00:00+08:00')))), 'no_consultant_on_duty');
  assert.is(code(decideTransfer({ toName: '王新', toContact: null, consultant: '999' }, ctx(card()))), 'consultant_not_on_duty');
  assert.equal(consultantsOnDuty(settings.consultants, at('2026-11-28T10:00:00+08:00'), tz), []); // Saturday
});

test('replace: charges the fee; a lost card may be replaced, a void one not, and the new number must be free', () => {
  const ctx = (state: CardState | undefined, over: object = {}) => ({
    card: 'M0001', newCard: 'N0001', state, newCardTaken: false, now: NOW, tz, settings, replacementId: 'r-1', receiptNumber: 'BK20261124-001', staff: '001', cardHash: 'a'.repeat(32), newCardHash: 'b'.repeat(32), ...over,
  });
  const d = decideReplace(ctx(card({ member: { ...card().member, status: 'lost' } })));
  assert.ok(!('refused' in d));
  if (!('refused' in d)) assert.equal(d.event.payload, { replacementId: 'r-1', cardHash: 'a'.repeat(32), newCardHash: 'b'.repeat(32), feeCents: 2000, receiptNumber: 'BK20261124-001', staff: '001' });
  assert.is(code(decideReplace(ctx(card({ replacedBy: 'N0000' })))), 'card_not_valid');
  assert.is(code(decideReplace(ctx(card(), { newCardTaken: true }))), 'card_in_use');
  // The replacement card of a lost card is in normal use; the old one is void.
  const issued = card({ card: 'N0001', isReplacement: true, member: { ...card().member, status: 'lost' } });
  assert.is(checkCardState(issued, NOW, tz).valid, true);
  const old = checkCardState(card({ replacedBy: 'N0001' }), NOW, tz);
  assert.equal(old.valid ? null : old.reason, 'replaced');
});

test.run();
