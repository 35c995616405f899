import { normalizeCard } from '../../kernel/card-number.js';
import type { NewEvent } from '../../kernel/events.js';
import { isoLocal } from '../../kernel/local-time.js';
import type { OpeningHours } from '../../kernel/opening-hours.js';
import { refuse, type Refusal } from '../../kernel/refusal.js';
import { dueBackAt } from './due-back.js';
import type { KeyDefinition } from './key-inventory.js';
import type { ActingStaff, Handout, Holder } from './key-types.js';

/** POST /api/keys/{keyId}/handout body, already shape-checked. */
export interface HandoutRequest {
  card?: string;
  holder?: { name?: string; contact?: string; staff?: string; identityChecked?: boolean; signature?: string };
  reason?: string;
  approver?: { staff?: string; pin?: string };
}

/** A staff member as the lending rules see one (config `staff` items are these). No PIN (just reset) or inactive: cannot approve. */
export interface StaffMember {
  number: string;
  name: string;
  roles: readonly string[];
  pinHash?: string;
  active?: boolean;
}

/** The member register's answer for a card (the members feature's card check gives these). */
export type CardCheck = { valid: true; member: { name: string } } | { valid: false; reason: string; message: string };

export interface HandoutContext {
  key: KeyDefinition | undefined;
  open: Handout | undefined;
  staff: ActingStaff;
  now: number;
  tz: string;
  hours: OpeningHours;
  handoutId: string;
  staffList: readonly StaffMember[];
  checkCard(card: string): CardCheck;
  hashCard(card: string): string;
  verifyPin(pin: string, hash: string): boolean;
}

export interface HandoutDecision {
  handout: Handout;
  event: NewEvent<'key.handed_out'>;
}

const text = (v: string | undefined) => (typeof v === 'string' ? v.trim() : '');

/**
 * The lending rules (docs/domain.md#keys-categories), one per category; nothing is lent outside them.
 * Order: unknown key (404), already out (409), then the category's rule.
 */
export function decideHandout(req: HandoutRequest, ctx: HandoutContext): HandoutDecision | (Refusal & { details?: object }) {
  const { key } = ctx;
  if (!key) return refuse(404, 'key_not_found', '没有这把钥匙 / No such key');
  if (ctx.open) return refuse(409, 'key_already_out', `${key.label} 已借出 / Key ${key.id} is already out`);

  let holder: Holder | (Refusal & { details?: object });
  let approver: string | null = null;
  let signature: string | null = null;
  const reason = text(req.reason) || null;
  switch (key.category) {
    case 'member_locker':
      holder = memberHolder(req, ctx, true);
      break;
    case 'owner_key': {
      const name = text(req.holder?.name);
      if (!name) return refuse(400, 'holder_required', '请填写业主姓名 / Owner name is required');
      if (req.holder?.identityChecked !== true) return refuse(400, 'identity_not_checked', '请先核验业主身份 / Check the owner’s identity first');
      signature = text(req.holder?.signature);
      if (!signature) return refuse(400, 'signature_required', '请业主签名 / The owner must sign');
      if (signature.replace(/\s+/g, '').toLowerCase() !== name.replace(/\s+/g, '').toLowerCase())
        return refuse(400, 'signature_mismatch', '签名与业主姓名不符 / Signature does not match the owner’s name');
      holder = { kind: 'owner', name, card: null, cardHash: null, contact: text(req.holder?.contact) || null, staff: null };
      break;
    }
    case 'equipment_room': {
      const approval = checkApprover(req, ctx);
      if (typeof approval !== 'string') return approval;
      approver = approval;
      holder = registeredHolder(req, ctx);
      break;
    }
    case 'public_area':
      holder = registeredHolder(req, ctx);
      if (!('refused' in holder) && !reason) return refuse(400, 'reason_required', '请填写借用事由 / A reason is required');
      break;
  }
  if ('refused' in holder) return holder;

  const due = dueBackAt(key, ctx.now, ctx.hours, ctx.tz);
  const handout: Handout = {
    id: ctx.handoutId,
    keyId: key.id,
    category: key.category,
    holder,
    reason,
    approver,
    signature,
    staff: ctx.staff.number,
    handedOutAt: ctx.now,
    dueBackAt: due,
    returnedAt: null,
    returnStaff: null,
    returnCard: null,
    wrongCard: false,
    missing: false,
    note: null,
  };
  return {
    handout,
    event: {
      type: 'key.handed_out',
      // No name, no plain card: events go to telemetry (docs/domain.md#records-confidential).
      payload: {
        handoutId: handout.id,
        keyId: key.id,
        category: key.category,
        holderKind: holder.kind,
        cardHash: holder.cardHash,
        staff: ctx.staff.number,
        approver,
        handedOutAt: isoLocal(ctx.now, ctx.tz),
        dueBackAt: due === null ? null : isoLocal(due, ctx.tz),
      },
    },
  };
}

function memberHolder(req: HandoutRequest, ctx: HandoutContext, required: boolean): Holder | (Refusal & { details?: object }) {
  const card = normalizeCard(text(req.card));
  if (!card) return refuse(400, 'card_required', required ? '请刷会员卡 / Swipe or type the member card' : 'card is empty');
  const check = ctx.checkCard(card);
  // `reason` travels as its own field too (unknown_card, suspended, expired, lost) for screens and integrators.
  if (!check.valid) return { ...refuse(409, 'card_not_valid', `${check.message} [${check.reason}]`), details: { reason: check.reason } };
  return { kind: 'member', name: check.member.name, card, cardHash: ctx.hashCard(card), contact: null, staff: null };
}

/** Registered holder: a member with a valid card, a staff member from config, or a name with a contact written in the log. */
function registeredHolder(req: HandoutRequest, ctx: HandoutContext): Holder | (Refusal & { details?: object }) {
  if (text(req.card)) return memberHolder(req, ctx, false);
  const staffNumber = text(req.holder?.staff);
  if (staffNumber) {
    const staff = ctx.staffList.find((s) => s.number === staffNumber);
    if (!staff) return refuse(400, 'holder_not_registered', `没有工号 ${staffNumber} / No staff member ${staffNumber}`);
    return { kind: 'staff', name: staff.name, card: null, cardHash: null, contact: null, staff: staff.number };
  }
  const name = text(req.holder?.name);
  const contact = text(req.holder?.contact);
  if (!name || !contact)
    return refuse(400, 'holder_not_registered', '请登记借用人：会员卡、工号，或姓名加联系方式 / Register the holder: member card, staff number, or name with contact');
  return { kind: 'registered', name, card: null, cardHash: null, contact, staff: null };
}

/** Equipment-room keys need the engineering manager's consent, proven by their own PIN. */
function checkApprover(req: HandoutRequest, ctx: HandoutContext): string | Refusal {
  const number = text(req.approver?.staff);
  const pin = req.approver?.pin ?? '';
  if (!number || !pin) return refuse(400, 'approver_required', '设备房钥匙需工程部经理批准（工号和密码） / Equipment-room keys need the engineering manager’s approval (staff number and PIN)');
  const approver = ctx.staffList.find((s) => s.number === number);
  // Same answer for unknown number and wrong PIN: do not reveal which staff numbers exist.
  if (!approver?.pinHash || approver.active === false || !ctx.verifyPin(pin, approver.pinHash)) return refuse(403, 'approver_not_verified', '批准人工号或密码错误 / Approver number or PIN is wrong');
  if (!approver.roles.includes('engineering_manager')) return refuse(403, 'approver_not_authorized', `${approver.name} 不是工程部经理 / The approver is not an engineering manager`);
  return approver.number;
}
