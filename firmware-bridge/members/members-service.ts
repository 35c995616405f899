import { randomUUID } from 'node:crypto';
import type { ReceiptPrintout } from '../../devices/printer/receipt-layout.js';
import type { PrintResult } from '../../devices/printer/serial-printer.js';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Clock } from '../kernel/clock.js';
import { normalizeCard } from '../kernel/card-number.js';
import { isoLocal, localDay } from '../kernel/local-time.js';
import { refuse, type Refusal } from '../kernel/refusal.js';
import type { EventStore } from '../store/event-store.js';
import type { Db } from '../store/database.js';
import { membershipYear } from './rules/card-dates.js';
import {
  checkCardState,
  consultantsOnDuty,
  decideReplace,
  decideSuspend,
  decideTransfer,
  effectiveValidUntil,
  remainingDays,
  yuan,
} from './rules/card-rules.js';
import type { CardCheck } from './rules/member-validity.js';
import { MembersStore, type PaperworkRow } from './members-store.js';
import { readSignature, storeSignature } from './signature-image.js';

/** What card operations need of the ticket printer (devices/printer implements it). */
export interface ReceiptPrinter {
  printReceipt(receipt: ReceiptPrintout): Promise<PrintResult>;
}

export interface MembersServiceOptions {
  config: FrontdeskConfig;
  db: Db;
  store: EventStore;
  clock: Clock;
  dataDir: string;
  hashCard: (card: string) => string;
  /** The ticket printer, asked for when a receipt is due (the queue feature owns it). */
  printer: () => ReceiptPrinter | undefined;
}

/** A card as the staff screen sees it before an operation: the holder, validity and the time left first. */
export interface CardView {
  card: string;
  holder: string;
  valid: boolean;
  reason: string | null;
  message: string | null;
  validUntil: string | null;
  remainingDays: number | null;
  suspensions: { from: string; to: string; months: number }[];
  suspendYear: { start: string; end: string; usedMonths: number; usedParts: number; monthsLeft: number; partsLeft: number };
  transferred: boolean;
  replacedBy: string | null;
  consultantsOnDuty: { number: string; name: string }[];
  replaceFee: string;
}

export type Refused = Refusal & { details?: object };

/** Member cards at the desk (docs/domain.md#card-suspension …): the card check, and the three operations, one commit each. */
export class MembersService {
  readonly members: MembersStore;
  private readonly tz: string;

  constructor(private readonly o: MembersServiceOptions) {
    this.members = new MembersStore(o.db);
    this.tz = o.config.site.timezone;
  }

  /** The card check the key gate uses: imported status and dates, plus suspensions and replacements made here. */
  checkCard(card: string): CardCheck {
    return checkCardState(this.members.cardState(normalizeCard(card)), this.o.clock.now(), this.tz);
  }

  view(cardInput: string): CardView | Refused {
    const card = normalizeCard(cardInput);
    const state = this.members.cardState(card);
    if (!state) return refuse(404, 'unknown_card', `未登记的会员卡 ${card} · Card ${card} is not registered`);
    const now = this.o.clock.now();
    const today = localDay(now, this.tz);
    const check = checkCardState(state, now, this.tz);
    const year = membershipYear(state.member.validUntil, today);
    const inYear = state.suspensions.filter((s) => s.from >= year.start && s.from <= year.end);
    const usedMonths = inYear.reduce((sum, s) => sum + s.months, 0);
    const { maxMonthsPerYear, maxParts } = this.o.config.cards.suspend;
    return {
      card,
      holder: state.holderName,
      valid: check.valid,
      reason: check.valid ? null : check.reason,
      message: check.valid ? null : check.message,
      validUntil: effectiveValidUntil(state),
      remainingDays: remainingDays(state, today),
      suspensions: state.suspensions.map(({ from, to, months }) => ({ from, to, months })),
      suspendYear: { ...year, usedMonths, usedParts: inYear.length, monthsLeft: Math.max(0, maxMonthsPerYear - usedMonths), partsLeft: Math.max(0, maxParts - inYear.length) },
      transferred: state.transferred,
      replacedBy: state.replacedBy,
      consultantsOnDuty: consultantsOnDuty(this.o.config.cards.consultants, now, this.tz).map(({ number, name }) => ({ number, name })),
      replaceFee: yuan(Math.round(this.o.config.cards.replaceFee * 100)),
    };
  }

  /** 停卡. The signature is on disk before the suspension that names it is committed. */
  suspend(cardInput: string, req: { from: string; months: number; signature?: string | null }, staff: string): { suspension: { id: string; from: string; to: string; months: number }; card: CardView } | Refused {
    const card = normalizeCard(cardInput);
    let signature: { png: Buffer; sha256: string } | null = null;
    if (req.signature) {
      const read = readSignature(req.signature);
      if ('problem' in read) {
        if (read.problem === 'blank') return refuse(409, 'signature_required', '签名是空白的，请会员本人签字 · The signature is blank; the member must sign');
        return refuse(400, 'invalid_field', '“signature”应为签字板给出的 PNG 图片 · "signature" must be the PNG the signature pad gives');
      }
      signature = read;
    }
    const state = this.members.cardState(card);
    const now = this.o.clock.now();
    const decision = decideSuspend(
      { from: req.from, months: req.months, signatureSha256: signature?.sha256 ?? null },
      { card, state, now, tz: this.tz, settings: this.o.config.cards, suspensionId: randomUUID(), staff, cardHash: this.o.hashCard(state?.memberCard ?? card) },
    );
    if ('refused' in decision) return decision;
    const file = storeSignature(this.o.dataDir, decision.suspension.id, signature!.png);
    this.o.store.commit([decision.event], () =>
      this.members.insertSuspension({
        ...decision.suspension,
        memberCard: state!.memberCard,
        card,
        yearStart: decision.yearStart,
        signatureFile: file,
        signatureSha256: signature!.sha256,
        staff,
        atMs: now,
        day: localDay(now, this.tz),
      }),
    );
    return { suspension: decision.suspension, card: this.view(card) as CardView };
  }

  /** 转卡: the remaining time is checked and kept with the record; the consultant on duty takes the member over. */
  transfer(cardInput: string, req: { to: { name: string; contact?: string | null }; consultant?: string }, staff: string) {
    const card = normalizeCard(cardInput);
    const state = this.members.cardState(card);
    const now = this.o.clock.now();
    const decision = decideTransfer(
      { toName: req.to.name, toContact: req.to.contact ?? null, consultant: req.consultant },
      { card, state, now, tz: this.tz, settings: this.o.config.cards, transferId: randomUUID(), staff, cardHash: this.o.hashCard(state?.memberCard ?? card) },
    );
    if ('refused' in decision) return decision;
    const t = decision.transfer;
    this.o.store.commit([decision.event], () =>
      this.members.insertTransfer({
        id: t.id,
        memberCard: state!.memberCard,
        card,
        toName: t.toName,
        toContact: t.toContact,
        fromName: state!.holderName,
        consultantNumber: t.consultant.number,
        consultantName: t.consultant.name,
        remainingDays: t.remainingDays,
        validUntil: t.validUntil,
        staff,
        atMs: now,
        day: localDay(now, this.tz),
      }),
    );
    return {
      remaining: { days: t.remainingDays, validUntil: t.validUntil },
      transfer: { id: t.id, from: state!.holderName, to: t.toName, consultant: { number: t.consultant.number, name: t.consultant.name }, paperKept: true, at: isoLocal(now, this.tz) },
    };
  }

  /**
   * 补卡: committed first (the old card is void from then on), then the receipt is printed; a
   * printer that is down does not undo the replacement, the answer says the receipt was not printed.
   */
  async replace(cardInput: string, req: { newCard: string }, staff: string) {
    const card = normalizeCard(cardInput);
    const newCard = normalizeCard(req.newCard);
    const state = this.members.cardState(card);
    const now = this.o.clock.now();
    const day = localDay(now, this.tz);
    const receiptNumber = `BK${day.replace(/-/g, '')}-${String(this.members.replacementsOn(day) + 1).padStart(3, '0')}`;
    const decision = decideReplace({
      card,
      newCard,
      state,
      newCardTaken: this.members.cardTaken(newCard),
      now,
      tz: this.tz,
      settings: this.o.config.cards,
      replacementId: randomUUID(),
      receiptNumber,
      staff,
      cardHash: this.o.hashCard(card),
      newCardHash: this.o.hashCard(newCard),
    });
    if ('refused' in decision) return decision;
    const replacementId = decision.event.payload.replacementId;
    this.o.store.commit([decision.event], () =>
      this.members.insertReplacement({ id: replacementId, memberCard: state!.memberCard, oldCard: card, newCard, feeCents: decision.feeCents, receiptNumber, staff, atMs: now, day }),
    );
    const printer = this.o.printer();
    const printed = printer ? await printer.printReceipt(this.receipt(receiptNumber, now, card, newCard, decision.feeCents, staff)) : { printed: false as const, reason: 'no printer configured' };
    return {
      replacement: { id: replacementId, oldCard: card, newCard, fee: yuan(decision.feeCents), feeCents: decision.feeCents, at: isoLocal(now, this.tz) },
      receipt: { number: receiptNumber, printed: printed.printed, ...(printed.printed ? {} : { reason: printed.reason }) },
      card: this.view(newCard) as CardView,
    };
  }

  /** The day's card operations, whose papers go to the department manager before closing. */
  paperwork(day: string) {
    return this.members.paperwork(day).map((row) => this.paperworkLine(row));
  }

  private paperworkLine(row: PaperworkRow) {
    const base = { id: row.id, kind: row.kind, at: isoLocal(row.atMs, this.tz), card: row.card, staff: row.staff };
    switch (row.kind) {
      case 'suspend':
        return { ...base, holder: this.holderOf(row.memberCard), summary: `停卡 ${row.from} – ${row.to}（${row.months} 个月） · Suspended ${row.from} – ${row.to} (${row.months} months)` };
      case 'transfer':
        return {
          ...base,
          holder: row.toName,
          summary: `转卡 ${row.fromName} → ${row.toName}，会籍顾问 ${row.consultant}，剩余 ${row.remainingDays ?? '∞'} 天，书面资料${row.paperKept ? '已存档' : '未存档'} · Transferred to ${row.toName}, consultant ${row.consultant}, ${row.remainingDays ?? '∞'} days left, paper record ${row.paperKept ? 'kept' : 'not kept'}`,
        };
      case 'replace':
        return { ...base, holder: this.holderOf(row.memberCard), summary: `补卡 → ${row.newCard}，收费 ${yuan(row.feeCents)}，收据 ${row.receiptNumber} · Replaced by ${row.newCard}, fee ${yuan(row.feeCents)}, receipt ${row.receiptNumber}` };
    }
  }

  private holderOf(memberCard: string): string {
    return this.members.cardState(memberCard)?.holderName ?? '';
  }

  private receipt(number: string, now: number, oldCard: string, newCard: string, feeCents: number, staff: string): ReceiptPrintout {
    const site = this.o.config.site.name;
    return {
      siteName: { zh: site.zh, en: site.en },
      title: { zh: '补卡收据', en: 'Card replacement receipt' },
      number,
      issuedAt: new Date(now).toISOString(),
      timezone: this.tz,
      items: [
        { label: '原卡 Old card', value: `****${oldCard.slice(-4)}` },
        { label: '新卡 New card', value: `****${newCard.slice(-4)}` },
        { label: '补卡费 Fee', value: yuan(feeCents) },
        { label: '经办 Staff', value: staff },
      ],
      footer: { zh: '请妥善保管新卡，旧卡已作废。谢谢！', en: 'Please keep your new card; the old one is void. Thank you!' },
    };
  }
}
