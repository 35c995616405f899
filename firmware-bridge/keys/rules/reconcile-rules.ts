import type { NewEvent } from '../../kernel/events.js';
import { isoLocal } from '../../kernel/local-time.js';
import { refuse, type Refusal } from '../../kernel/refusal.js';
import type { KeyDefinition } from './key-inventory.js';
import type { ActingStaff, Handout } from './key-types.js';
import { isOverdue } from './overdue.js';
import { decideReturn, type ReturnDecision } from './return-rules.js';

export const confirmations = ['returned', 'still_out', 'missing'] as const;
export type Confirmation = (typeof confirmations)[number];

/** POST /api/shift/reconcile body, already shape-checked. */
export interface ReconcileRequest {
  items: { keyId: string; status: Confirmation; reason?: string }[];
  leftBehind: { item: string; where?: string; note?: string }[];
  handoverNote: string;
}

export interface ReconcileContext {
  open: readonly Handout[];
  /** Handouts handed out or returned since the last report (wrong-card returns are listed). */
  recent: readonly Handout[];
  keys: ReadonlyMap<string, KeyDefinition>;
  staff: ActingStaff;
  now: number;
  tz: string;
  reportId: string;
  since: number | null;
  hashCard: (card: string) => string;
}

export interface ShiftReportKey {
  keyId: string;
  label: string;
  category: string;
  status: Confirmation;
  reason: string | null;
  holderKind: string;
  holderName: string;
  staff: string;
  handedOutAt: string;
  dueBackAt: string | null;
  overdue: boolean;
}

/** The written handover (书面交接, docs/domain.md#keys-reconciliation) as stored and exported. Local only: it names holders. */
export interface ShiftReport {
  id: string;
  at: string;
  staff: { number: string; name: string };
  since: string | null;
  keys: ShiftReportKey[];
  activity: { handedOut: number; returned: number; wrongCards: { keyId: string; label: string; returnedAt: string; staff: string }[] };
  leftBehind: { item: string; where: string | null; note: string | null }[];
  handoverNote: string;
}

export interface ReconcileDecision {
  report: ShiftReport;
  returns: ReturnDecision[];
  missing: string[]; // handout ids confirmed missing
  events: NewEvent[];
}

export type ReconcileRefusal = Refusal & { details?: { unexplained: { keyId: string; label: string; problem: string }[] } };

/**
 * End of shift (docs/domain.md#keys-reconciliation): every key out is confirmed returned, still out (with a reason) or
 * missing; the shift cannot close with an unexplained key, nor without a written handover.
 */
export function decideReconcile(req: ReconcileRequest, ctx: ReconcileContext): ReconcileDecision | ReconcileRefusal {
  const handoverNote = req.handoverNote.trim();
  if (!handoverNote) return refuse(400, 'handover_note_required', '请填写交接说明 / A written handover note is required');
  const byKey = new Map<string, ReconcileRequest['items'][number]>();
  for (const item of req.items) byKey.set(item.keyId, item);
  const label = (id: string) => ctx.keys.get(id)?.label ?? id;

  const unexplained: { keyId: string; label: string; problem: string }[] = [];
  for (const h of ctx.open) {
    const item = byKey.get(h.keyId);
    if (!item) unexplained.push({ keyId: h.keyId, label: label(h.keyId), problem: 'not_confirmed' });
    else if (item.status === 'still_out' && !item.reason?.trim()) unexplained.push({ keyId: h.keyId, label: label(h.keyId), problem: 'reason_missing' });
  }
  if (unexplained.length) {
    return {
      ...refuse(409, 'keys_unexplained', `还有 ${unexplained.length} 把钥匙未说明：${unexplained.map((u) => u.label).join('、')} · ${unexplained.length} key(s) not accounted for`),
      details: { unexplained },
    };
  }

  const returns: ReturnDecision[] = [];
  const missing: string[] = [];
  const keys: ShiftReportKey[] = ctx.open.map((h) => {
    const item = byKey.get(h.keyId)!;
    if (item.status === 'returned') {
      const r = decideReturn({}, { key: ctx.keys.get(h.keyId), open: h, staff: ctx.staff.number, now: ctx.now, tz: ctx.tz, hashCard: ctx.hashCard, via: 'reconcile' });
      if ('refused' in r) throw new Error(`reconcile: return of an open key refused: ${r.code}`);
      returns.push(r);
    }
    if (item.status === 'missing') missing.push(h.id);
    return {
      keyId: h.keyId,
      label: label(h.keyId),
      category: h.category,
      status: item.status,
      reason: item.reason?.trim() || null,
      holderKind: h.holder.kind,
      holderName: h.holder.name,
      staff: h.staff,
      handedOutAt: isoLocal(h.handedOutAt, ctx.tz),
      dueBackAt: h.dueBackAt === null ? null : isoLocal(h.dueBackAt, ctx.tz),
      overdue: isOverdue(h, ctx.now),
    };
  });
  const inWindow = (t: number | null) => t !== null && (ctx.since === null || t > ctx.since);
  const wrongCards = ctx.recent
    .filter((h) => h.wrongCard && inWindow(h.returnedAt))
    .map((h) => ({ keyId: h.keyId, label: label(h.keyId), returnedAt: isoLocal(h.returnedAt!, ctx.tz), staff: h.returnStaff ?? '' }));
  const report: ShiftReport = {
    id: ctx.reportId,
    at: isoLocal(ctx.now, ctx.tz),
    staff: { number: ctx.staff.number, name: ctx.staff.name },
    since: ctx.since === null ? null : isoLocal(ctx.since, ctx.tz),
    keys,
    activity: {
      handedOut: ctx.recent.filter((h) => inWindow(h.handedOutAt)).length,
      returned: ctx.recent.filter((h) => inWindow(h.returnedAt)).length + returns.length,
      wrongCards,
    },
    leftBehind: req.leftBehind.filter((l) => l.item.trim()).map((l) => ({ item: l.item.trim(), where: l.where?.trim() || null, note: l.note?.trim() || null })),
    handoverNote,
  };
  const count = (s: Confirmation) => keys.filter((k) => k.status === s).length;
  const events: NewEvent[] = [
    ...returns.map((r) => r.event),
    {
      type: 'shift.reconciled',
      payload: {
        reportId: report.id,
        staff: ctx.staff.number,
        keysOut: keys.length,
        returned: count('returned'),
        stillOut: count('still_out'),
        missing: count('missing'),
        overdue: keys.filter((k) => k.overdue).length,
        wrongReturns: wrongCards.length, // not "…Card…": telemetry hashes any field named like a card
        leftBehind: report.leftBehind.length,
      },
    },
  ];
  return { report, returns, missing, events };
}
