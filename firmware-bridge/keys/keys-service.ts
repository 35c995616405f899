import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Clock } from '../kernel/clock.js';
import { isEventOf, type NewEvent, type Stored, type StoredEvent } from '../kernel/events.js';
import { normalizeCard } from '../kernel/card-number.js';
import { decideCorrection, type CorrectionRequest } from './rules/correction-rules.js';
import { decideHandout, type HandoutRequest } from './rules/handout-rules.js';
import { expandInventory, type KeyDefinition, type KeyInventoryItem } from './rules/key-inventory.js';
import { inventoryChangeRefusal } from './rules/inventory-change.js';
import type { ChainVerdict } from './rules/key-chain.js';
import type { ActingStaff, Handout } from './rules/key-types.js';
import { isOverdue, keysTopicPayload } from './rules/overdue.js';
import { decideReconcile, type ReconcileRefusal, type ReconcileRequest, type ShiftReport } from './rules/reconcile-rules.js';
import { decideReturn, type ReturnRequest } from './rules/return-rules.js';
import { isoLocal } from '../kernel/local-time.js';
import { diffMembers } from '../members/rules/member-diff.js';
import { checkCardState } from '../members/rules/card-rules.js';
import type { CardCheck, Member } from '../members/rules/member-validity.js';
import { parseMembersCsv } from '../members/members-csv.js';
import type { RowError } from '../members/rules/member-rows.js';
import { refuse, type Refusal } from '../kernel/refusal.js';
import { verifyPin } from '../staff/pin-hash.js';
import type { Db } from '../store/database.js';
import type { EventStore } from '../store/event-store.js';
import { archiveKeyLog, isOpenHandoutConflict, KeysStore, KeyStateConflict } from './keys-store.js';
import { MembersStore, type MemberSource } from '../members/members-store.js';

/** A key as the staff screen sees it: the holder's name, but only the last digits of a card. */
export interface KeyView {
  id: string;
  label: string;
  category: KeyDefinition['category'];
  state: 'in' | 'out';
  handout: null | {
    id: string;
    holder: { kind: string; name: string; cardLast4: string | null; contact: string | null };
    reason: string | null;
    approver: string | null;
    staff: string;
    handedOutAt: string;
    dueBackAt: string | null;
    overdue: boolean;
    missing: boolean;
  };
}

export interface ImportSummary {
  source: MemberSource;
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: number;
  errors: RowError[];
  fatal?: boolean;
}

export interface KeysServiceOptions {
  config: FrontdeskConfig;
  db: Db;
  store: EventStore;
  clock: Clock;
  hashCard: (card: string) => string;
}

/** The key desk: lending rules in rules/, state in keys-store, one commit per action. */
export class KeysService {
  /** Replaced whole by setInventory when the settings change (never edited in place). */
  private inventoryNow: { list: readonly KeyDefinition[]; byId: ReadonlyMap<string, KeyDefinition> };
  readonly keysStore: KeysStore;
  readonly members: MembersStore;
  private readonly tz: string;

  constructor(private readonly o: KeysServiceOptions) {
    this.inventoryNow = inventoryOf(o.config.keys);
    this.keysStore = new KeysStore(o.db);
    this.members = new MembersStore(o.db);
    this.tz = o.config.site.timezone;
  }

  get inventory(): readonly KeyDefinition[] {
    return this.inventoryNow.list;
  }

  get keys(): ReadonlyMap<string, KeyDefinition> {
    return this.inventoryNow.byId;
  }

  /** Why `items` cannot become the inventory now (a key that is out would go or change category), or null. */
  inventoryRefusal(items: readonly KeyInventoryItem[]): Refusal | null {
    return inventoryChangeRefusal(expandInventory(items), this.keysStore.openHandouts());
  }

  /**
   * Puts a saved inventory in force: new keys can be lent at once, labels and categories follow,
   * removed keys are gone. Lendings and the key log are untouched (the inventory is config, not
   * key-log history); inventoryRefusal has made sure no key that is out is dropped or moved.
   */
  setInventory(items: readonly KeyInventoryItem[]): void {
    this.inventoryNow = inventoryOf(items);
  }

  /** Retention: moves the key log entries written before `beforeIso` to dataDir/archive/, keeping the chain's anchor. */
  archiveLogBefore(beforeIso: string, dataDir: string): number {
    return archiveKeyLog(this.keysStore, dataDir, beforeIso);
  }

  /** The key gate: the member row and the card operations made at the desk (a suspension, a replacement) both count. */
  checkCard(card: string): CardCheck {
    return checkCardState(this.members.cardState(normalizeCard(card)), this.o.clock.now(), this.tz);
  }

  list(filter: 'out' | 'in' | 'all' = 'all'): KeyView[] {
    const open = new Map(this.keysStore.openHandouts().map((h) => [h.keyId, h]));
    const now = this.o.clock.now();
    return this.inventory
      .filter((k) => filter === 'all' || (filter === 'out') === open.has(k.id))
      .map((k) => this.view(k, open.get(k.id), now));
  }

  topicPayload(): { out: number; overdue: number; overdueKeys: string[] } {
    return keysTopicPayload(this.keysStore.openHandouts(), this.o.clock.now());
  }

  handout(keyId: string, req: HandoutRequest, staff: ActingStaff): KeyView | (Refusal & { details?: object }) {
    const key = this.keys.get(keyId);
    const decision = decideHandout(req, {
      key,
      open: key && this.keysStore.openFor(key.id),
      staff,
      now: this.o.clock.now(),
      tz: this.tz,
      hours: this.o.config.hours,
      handoutId: randomUUID(),
      staffList: this.o.config.staff,
      checkCard: (card) => this.checkCard(card),
      hashCard: this.o.hashCard,
      verifyPin,
    });
    if ('refused' in decision) return decision;
    const { handout } = decision;
    const committed = this.commit([decision.event], ([event]) => {
      this.keysStore.insertHandout(handout);
      this.keysStore.appendLog(event, handout.keyId, {
        handoutId: handout.id,
        keyId: handout.keyId,
        label: key!.label,
        category: handout.category,
        holder: handout.holder,
        reason: handout.reason,
        approver: handout.approver,
        signature: handout.signature,
        staff: handout.staff,
        handedOutAt: isoLocal(handout.handedOutAt, this.tz),
        dueBackAt: handout.dueBackAt === null ? null : isoLocal(handout.dueBackAt, this.tz),
      });
    });
    if (committed) return committed;
    return this.view(key!, handout, this.o.clock.now());
  }

  returnKey(keyId: string, req: ReturnRequest, staff: ActingStaff): (KeyView & { wrongCard: boolean; overdue: boolean }) | Refusal {
    const key = this.keys.get(keyId);
    const decision = decideReturn(req, { key, open: key && this.keysStore.openFor(key.id), staff: staff.number, now: this.o.clock.now(), tz: this.tz, hashCard: this.o.hashCard });
    if ('refused' in decision) return decision;
    const committed = this.commit([decision.event], ([event]) => this.projectReturn(event, decision.handout));
    if (committed) return committed;
    return { ...this.view(key!, undefined, this.o.clock.now()), wrongCard: decision.handout.wrongCard, overdue: decision.overdue };
  }

  reconcile(req: ReconcileRequest, staff: ActingStaff): ShiftReport | ReconcileRefusal {
    const since = this.keysStore.lastReportAt();
    const now = this.o.clock.now();
    const decision = decideReconcile(req, {
      open: this.keysStore.openHandouts(),
      recent: this.keysStore.touchedSince(since),
      keys: this.keys,
      staff,
      now,
      tz: this.tz,
      reportId: randomUUID(),
      since,
      hashCard: this.o.hashCard,
    });
    if ('refused' in decision) return decision;
    const committed = this.commit(decision.events, (events) => {
      const returned = events.filter(isEventOf('key.returned'));
      decision.returns.forEach((r, i) => this.projectReturn(returned[i], r.handout));
      this.keysStore.markMissing(decision.missing);
      this.keysStore.insertReport(decision.report, now);
      const r = decision.report;
      this.keysStore.appendLog(events[events.length - 1], null, {
        reportId: r.id,
        staff: r.staff.number,
        keys: r.keys.map((k) => ({ keyId: k.keyId, status: k.status, reason: k.reason })),
        leftBehind: r.leftBehind,
        handoverNote: r.handoverNote,
      });
    });
    return committed ?? decision.report;
  }

  correct(req: CorrectionRequest, staff: ActingStaff): { entry: number } | Refusal {
    const entry = this.keysStore.logEntry(req.entrySeq);
    const handoutId = entry ? ((JSON.parse(entry.content) as { handoutId?: string }).handoutId ?? null) : null;
    const decision = decideCorrection(req, {
      entry: entry && { seq: entry.seq, handoutId },
      handout: handoutId ? this.keysStore.handout(handoutId) : undefined,
      staff: staff.number,
    });
    if ('refused' in decision) return decision;
    let seq = 0;
    const committed = this.commit([decision.event], ([event]) => {
      this.keysStore.applyCorrection(decision.handout);
      seq = this.keysStore.appendLog(event, decision.handout.keyId, decision.logContent).seq;
    });
    return committed ?? { entry: seq };
  }

  verifyLog(): ChainVerdict {
    return this.keysStore.verifyLog();
  }

  /** Replaces the members of one source with `members`; bad rows were dropped by the parser. */
  importMembers(source: MemberSource, members: readonly Member[], errors: readonly RowError[] = []): ImportSummary {
    const changes = diffMembers(this.members.bySource(source), members);
    const summary: ImportSummary = {
      source,
      added: changes.added.map((m) => m.card),
      updated: changes.updated.map((u) => u.after.card),
      removed: changes.removed.map((m) => m.card),
      unchanged: changes.unchanged,
      errors: [...errors],
    };
    const event: NewEvent<'member.imported'> = {
      type: 'member.imported',
      payload: { source, added: summary.added.length, updated: summary.updated.length, removed: summary.removed.length, unchanged: summary.unchanged, rejectedRows: errors.length },
    };
    const upserts = [...changes.added, ...changes.updated.map((u) => u.after)];
    // A start-up with nothing changed writes nothing (no event per restart).
    if (upserts.length === 0 && changes.removed.length === 0 && errors.length === 0) return summary;
    this.o.store.commit([event], () => this.members.apply(source, upserts, summary.removed, this.o.clock.now()));
    return summary;
  }

  importMembersCsv(text: string): ImportSummary {
    const parsed = parseMembersCsv(text);
    // A file that could not be read at all removes nobody.
    if (parsed.fatal) return { source: 'csv', added: [], updated: [], removed: [], unchanged: 0, errors: parsed.errors, fatal: true };
    return this.importMembers('csv', parsed.members, parsed.errors);
  }

  /**
   * What a written shift handover lists from the key desk since `sinceMs`: keys returned with another
   * card than they went out on, and the items left behind the reconciliations recorded.
   */
  handoverItems(sinceMs: number | null): { wrongCards: { keyId: string; label: string; staff: string | null; returnedAt: string }[]; leftBehind: ShiftReport['leftBehind'] } {
    const wrongCards = this.keysStore
      .touchedSince(sinceMs)
      .filter((h) => h.wrongCard && h.returnedAt !== null && h.returnedAt > (sinceMs ?? -1))
      .map((h) => ({ keyId: h.keyId, label: this.keys.get(h.keyId)?.label ?? h.keyId, staff: h.returnStaff, returnedAt: isoLocal(h.returnedAt!, this.tz) }));
    return { wrongCards, leftBehind: this.keysStore.reportsSince(sinceMs).flatMap((r) => r.leftBehind) };
  }

  report(id: string): ShiftReport | undefined {
    return this.keysStore.report(id);
  }

  private projectReturn(event: StoredEvent<'key.returned'>, h: Handout): void {
    this.keysStore.closeHandout(h);
    this.keysStore.appendLog(event, h.keyId, {
      handoutId: h.id,
      keyId: h.keyId,
      staff: h.returnStaff,
      card: h.returnCard,
      wrongCard: h.wrongCard,
      overdue: event.payload.overdue,
      returnedAt: isoLocal(h.returnedAt!, this.tz),
      via: event.payload.via,
    });
  }

  /** Commits; a lost race (the unique open-lending index, or a return already made) is a 409, not a 500. */
  private commit<E extends NewEvent>(events: readonly E[], project: (events: readonly Stored<E>[]) => void): Refusal | null {
    try {
      this.o.store.commit(events, project);
      return null;
    } catch (err) {
      if (isOpenHandoutConflict(err)) return refuse(409, 'key_already_out', '钥匙刚被借出 / The key was just handed out');
      if (err instanceof KeyStateConflict) return refuse(409, err.code, '钥匙状态已变化，请刷新 / The key changed meanwhile; refresh');
      throw err;
    }
  }

  private view(k: KeyDefinition, h: Handout | undefined, now: number): KeyView {
    return {
      id: k.id,
      label: k.label,
      category: k.category,
      state: h ? 'out' : 'in',
      handout: h
        ? {
            id: h.id,
            holder: { kind: h.holder.kind, name: h.holder.name, cardLast4: h.holder.card ? h.holder.card.slice(-4) : null, contact: h.holder.contact },
            reason: h.reason,
            approver: h.approver,
            staff: h.staff,
            handedOutAt: isoLocal(h.handedOutAt, this.tz),
            dueBackAt: h.dueBackAt === null ? null : isoLocal(h.dueBackAt, this.tz),
            overdue: isOverdue(h, now),
            missing: h.missing,
          }
        : null,
    };
  }
}

function inventoryOf(items: readonly KeyInventoryItem[]): { list: readonly KeyDefinition[]; byId: ReadonlyMap<string, KeyDefinition> } {
  const list = expandInventory(items);
  return { list, byId: new Map(list.map((k) => [k.id, k])) };
}

/** Members from config (source "config") and from the configured CSV (source "csv"). */
export function syncConfiguredMembers(keys: KeysService, config: FrontdeskConfig, configFile: string): { config: ImportSummary; csv?: ImportSummary } {
  const fromConfig: Member[] = config.members.cards.map((m) => ({
    card: normalizeCard(m.card),
    name: m.name,
    status: m.status,
    validUntil: m.validUntil ?? null,
    suspendedFrom: m.suspendedFrom ?? null,
    suspendedTo: m.suspendedTo ?? null,
  }));
  const result: { config: ImportSummary; csv?: ImportSummary } = { config: keys.importMembers('config', fromConfig) };
  if (config.members.csv) result.csv = keys.importMembersCsv(readFileSync(resolve(dirname(resolve(configFile)), config.members.csv), 'utf8'));
  return result;
}
