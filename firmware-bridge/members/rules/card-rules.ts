import type { NewEvent } from '../../kernel/events.js';
import { localDay, localParts, minutesOf, type Weekday } from '../../kernel/local-time.js';
import { refuse, type Refusal } from '../../kernel/refusal.js';
import { addMonths, daysBetween, membershipYear, monthsEnd } from './card-dates.js';
import { checkCard, type CardCheck, type Member } from './member-validity.js';

/*
 * Member card operations at the desk: suspend (停卡), transfer (转卡), replace (补卡),
 * docs/domain.md#card-suspension, #card-transfer, #card-replacement. Pure: the caller passes the
 * card's state, today, the settings and the new ids.
 */

/** The settings these rules read (config `cards`; config/schema/rule-inputs.ts checks they fit). */
export interface CardSettings {
  suspend: { maxMonthsPerYear: number; maxParts: number };
  replaceFee: number;
  consultants: readonly Consultant[];
}

export interface Consultant {
  number: string;
  name: string;
  days: readonly Weekday[];
  from: string;
  to: string;
}

export interface Suspension {
  id: string;
  from: string;
  to: string;
  months: number;
}

/**
 * A card as the desk knows it: the member row as imported (filed under the card first issued,
 * `memberCard`) and the operations made at the desk since, which a re-import never overwrites.
 */
export interface CardState {
  /** The card presented (after a replacement, the new one). */
  card: string;
  memberCard: string;
  member: Member;
  /** The holder now: the imported name, or the person the card was transferred to. */
  holderName: string;
  suspensions: readonly Suspension[];
  transferred: boolean;
  /** This card was replaced by that one: it is void. */
  replacedBy: string | null;
  /** This card replaced an earlier one (a "lost" status imported for the member was the old card's). */
  isReplacement: boolean;
}

/** The refusals of a card that cannot take an operation (or the key gate): void, lost, expired. */
const notValid = (check: Extract<CardCheck, { valid: false }>): Refusal & { details: { reason: string } } => ({
  ...refuse(409, 'card_not_valid', `${check.message} [${check.reason}]`),
  details: { reason: check.reason },
});

const unknownCard = (card: string) => refuse(404, 'unknown_card', `未登记的会员卡 ${card} · Card ${card} is not registered`);

/** The expiry with every suspension added on: suspended months are not lost (product rule). */
export function effectiveValidUntil(state: CardState): string | null {
  if (!state.member.validUntil) return null;
  return addMonths(state.member.validUntil, state.suspensions.reduce((sum, s) => sum + s.months, 0));
}

/** The member row as the card check should see it today: holder, status and expiry after the desk's operations. */
function effectiveMember(state: CardState): Member {
  const status = state.isReplacement && state.member.status === 'lost' ? 'normal' : state.member.status;
  return { ...state.member, card: state.card, name: state.holderName, status, validUntil: effectiveValidUntil(state) };
}

/**
 * Is this card in normal use today (the key gate, docs/domain.md#keys-valid-card)? A replaced card
 * is void; a suspension made at the desk blocks it from its first to its last day and no longer
 * the day after, by the date alone (no timer has to lift it).
 */
export function checkCardState(state: CardState | undefined, now: number, tz: string): CardCheck {
  if (!state) return checkCard(undefined, now, tz);
  if (state.replacedBy) return { valid: false, reason: 'replaced', message: '此卡已补办新卡，旧卡作废 · This card was replaced by a new one and is void' };
  const today = localDay(now, tz);
  const current = state.suspensions.find((s) => s.from <= today && today <= s.to);
  if (current)
    return { valid: false, reason: 'suspended', message: `会员卡停卡中（${current.from} – ${current.to}） · Card suspended (${current.from} – ${current.to})` };
  return checkCard(effectiveMember(state), now, tz);
}

/** Days of membership left from `today` to the expiry, suspended days not counted; null for a card without expiry. */
export function remainingDays(state: CardState, today: string): number | null {
  const end = effectiveValidUntil(state);
  if (end === null) return null;
  if (end < today) return 0;
  let days = daysBetween(today, end) + 1;
  for (const s of state.suspensions) {
    const from = s.from > today ? s.from : today;
    const to = s.to < end ? s.to : end;
    if (from <= to) days -= daysBetween(from, to) + 1;
  }
  return Math.max(0, days);
}

/** A card an operation may act on: known, not void, not lost (except for a replacement), not expired. */
function usableCard(state: CardState | undefined, card: string, now: number, tz: string, allowLost = false): CardState | Refusal {
  if (!state) return unknownCard(card);
  if (state.replacedBy) return notValid({ valid: false, reason: 'replaced', message: '此卡已补办新卡，旧卡作废 · This card was replaced by a new one and is void' });
  const member = effectiveMember(state);
  // A suspension is no reason to refuse an operation: a suspended card can be transferred or replaced.
  const check = checkCard({ ...member, status: member.status === 'suspended' || (allowLost && member.status === 'lost') ? 'normal' : member.status, suspendedFrom: null, suspendedTo: null }, now, tz);
  return check.valid ? state : notValid(check);
}

// --- suspend ---------------------------------------------------------------------------

export interface SuspendRequest {
  from: string;
  months: number;
  /** SHA-256 of the member's own signature drawn at the desk; null when none was drawn. */
  signatureSha256: string | null;
}

export interface SuspendContext {
  card: string;
  state: CardState | undefined;
  now: number;
  tz: string;
  settings: CardSettings;
  suspensionId: string;
  staff: string;
  cardHash: string;
}

export type SuspendDecision = { suspension: Suspension; yearStart: string; event: NewEvent<'card.suspended'> } | (Refusal & { details?: object });

/**
 * 停卡: the member's own signature, whole months, from today on, at most `maxMonthsPerYear` months
 * in at most `maxParts` parts per membership year (counted in the year each suspension starts in),
 * never overlapping another suspension.
 */
export function decideSuspend(req: SuspendRequest, ctx: SuspendContext): SuspendDecision {
  const state = usableCard(ctx.state, ctx.card, ctx.now, ctx.tz);
  if ('refused' in state) return state;
  if (!req.signatureSha256)
    return refuse(409, 'signature_required', '停卡须会员本人在屏幕上签字，工作人员不得代停 · The member must sign on the screen; staff may not suspend a card on their behalf');
  if (!Number.isInteger(req.months))
    return refuse(409, 'suspend_whole_months', `停卡须以整月为单位（${req.months} 个月不行） · A suspension is in whole months (not ${req.months})`);
  const today = localDay(ctx.now, ctx.tz);
  if (req.from < today) return refuse(409, 'suspend_in_past', `停卡不能从过去的日期开始（今天是 ${today}） · A suspension cannot start in the past (today is ${today})`);
  const validUntil = effectiveValidUntil(state);
  if (validUntil && req.from > validUntil) return refuse(409, 'suspend_after_expiry', `会员卡 ${validUntil} 到期，不能在此之后停卡 · The card expires on ${validUntil}; it cannot be suspended after that`);

  const { maxMonthsPerYear, maxParts } = ctx.settings.suspend;
  const year = membershipYear(state.member.validUntil, req.from);
  const thisYear = state.suspensions.filter((s) => s.from >= year.start && s.from <= year.end);
  const usedMonths = thisYear.reduce((sum, s) => sum + s.months, 0);
  const details = { yearStart: year.start, yearEnd: year.end, usedMonths, usedParts: thisYear.length, maxMonthsPerYear, maxParts };
  if (thisYear.length + 1 > maxParts)
    return { ...refuse(409, 'suspend_limit', `本会员年（${year.start} – ${year.end}）已停卡 ${thisYear.length} 次，最多 ${maxParts} 次 · This membership year (${year.start} – ${year.end}) already has ${thisYear.length} suspensions; at most ${maxParts}`), details };
  if (usedMonths + req.months > maxMonthsPerYear)
    return {
      ...refuse(409, 'suspend_limit', `本会员年（${year.start} – ${year.end}）已停 ${usedMonths} 个月，最多 ${maxMonthsPerYear} 个月，还可停 ${maxMonthsPerYear - usedMonths} 个月 · This membership year (${year.start} – ${year.end}) has ${usedMonths} suspended months of at most ${maxMonthsPerYear}; ${maxMonthsPerYear - usedMonths} left`),
      details,
    };
  const to = monthsEnd(req.from, req.months);
  const clash = state.suspensions.find((s) => s.from <= to && req.from <= s.to);
  if (clash) return refuse(409, 'suspend_overlap', `与已有的停卡（${clash.from} – ${clash.to}）重叠 · Overlaps the suspension ${clash.from} – ${clash.to}`);

  const suspension: Suspension = { id: ctx.suspensionId, from: req.from, to, months: req.months };
  return {
    suspension,
    yearStart: year.start,
    event: {
      type: 'card.suspended',
      payload: {
        suspensionId: suspension.id,
        cardHash: ctx.cardHash,
        from: suspension.from,
        to: suspension.to,
        months: suspension.months,
        part: thisYear.length + 1,
        monthsThisYear: usedMonths + req.months,
        signatureSha256: req.signatureSha256,
        staff: ctx.staff,
      },
    },
  };
}

// --- transfer --------------------------------------------------------------------------

export interface TransferRequest {
  toName: string;
  toContact: string | null;
  /** A consultant's number, when more than one is on duty; else the first on duty. */
  consultant?: string;
}

export interface TransferContext {
  card: string;
  state: CardState | undefined;
  now: number;
  tz: string;
  settings: CardSettings;
  transferId: string;
  staff: string;
  cardHash: string;
}

export interface TransferRecord {
  id: string;
  toName: string;
  toContact: string | null;
  consultant: Consultant;
  remainingDays: number | null;
  validUntil: string | null;
}

export type TransferDecision = { transfer: TransferRecord; event: NewEvent<'card.transferred'> } | (Refusal & { details?: object });

/** The consultants on duty now by the roster (weekday, from ≤ now < to, local time). */
export function consultantsOnDuty(consultants: readonly Consultant[], now: number, tz: string): Consultant[] {
  const local = localParts(now, tz);
  return consultants.filter((c) => c.days.includes(local.weekday) && minutesOf(c.from) <= local.minutes && local.minutes < minutesOf(c.to));
}

/** 转卡: once per card (a replacement card inherits it), handed to the consultant on duty, the remaining time recorded. */
export function decideTransfer(req: TransferRequest, ctx: TransferContext): TransferDecision {
  const state = usableCard(ctx.state, ctx.card, ctx.now, ctx.tz);
  if ('refused' in state) return state;
  if (state.transferred) return refuse(409, 'already_transferred', '此卡已转让过一次，不能再转 · This card was transferred once already; a card can be transferred only once');
  const onDuty = consultantsOnDuty(ctx.settings.consultants, ctx.now, ctx.tz);
  if (onDuty.length === 0) return refuse(409, 'no_consultant_on_duty', '现在没有当班的会籍顾问，请稍后办理 · No membership consultant is on duty now');
  const consultant = req.consultant ? onDuty.find((c) => c.number === req.consultant) : onDuty[0];
  if (!consultant) return refuse(409, 'consultant_not_on_duty', `会籍顾问 ${req.consultant} 现在不当班 · Consultant ${req.consultant} is not on duty now`);
  const today = localDay(ctx.now, ctx.tz);
  const transfer: TransferRecord = {
    id: ctx.transferId,
    toName: req.toName,
    toContact: req.toContact,
    consultant,
    remainingDays: remainingDays(state, today),
    validUntil: effectiveValidUntil(state),
  };
  return {
    transfer,
    event: {
      type: 'card.transferred',
      payload: {
        transferId: transfer.id,
        cardHash: ctx.cardHash,
        remainingDays: transfer.remainingDays,
        validUntil: transfer.validUntil,
        consultant: consultant.number,
        paperKept: true,
        staff: ctx.staff,
      },
    },
  };
}

// --- replace ---------------------------------------------------------------------------

export interface ReplaceContext {
  card: string;
  newCard: string;
  state: CardState | undefined;
  /** The new card is already a member's card (imported or issued as a replacement). */
  newCardTaken: boolean;
  now: number;
  tz: string;
  settings: CardSettings;
  replacementId: string;
  receiptNumber: string;
  staff: string;
  cardHash: string;
  newCardHash: string;
}

export type ReplaceDecision = { feeCents: number; event: NewEvent<'card.replaced'> } | (Refusal & { details?: object });

/** 补卡: a lost or worn card is replaced for the fee; the old card is void and the new one carries on its state. */
export function decideReplace(ctx: ReplaceContext): ReplaceDecision {
  const state = usableCard(ctx.state, ctx.card, ctx.now, ctx.tz, true);
  if ('refused' in state) return state;
  if (ctx.newCard === ctx.card) return refuse(409, 'card_in_use', '新卡号与旧卡相同 · The new card number is the old one');
  if (ctx.newCardTaken) return refuse(409, 'card_in_use', `卡号 ${ctx.newCard} 已被使用 · Card ${ctx.newCard} is already in use`);
  const feeCents = Math.round(ctx.settings.replaceFee * 100);
  return {
    feeCents,
    event: {
      type: 'card.replaced',
      payload: { replacementId: ctx.replacementId, cardHash: ctx.cardHash, newCardHash: ctx.newCardHash, feeCents, receiptNumber: ctx.receiptNumber, staff: ctx.staff },
    },
  };
}

/** "¥20.00" */
export function yuan(cents: number): string {
  return `¥${(cents / 100).toFixed(2)}`;
}
