import type { NewEvent } from '../../kernel/events.js';
import { refuse, type Refusal } from '../../kernel/refusal.js';
import type { Handout } from './key-types.js';

/** Fields a correction may set on a lending; the original log entry is never edited. */
export const correctableFields = ['holderName', 'contact', 'reason'] as const;
export type CorrectableField = (typeof correctableFields)[number];

export interface CorrectionRequest {
  entrySeq: number;
  note: string;
  set: Partial<Record<CorrectableField, string>>;
}

export interface CorrectionDecision {
  handout: Handout;
  event: NewEvent<'key.corrected'>;
  logContent: Record<string, unknown>;
}

/** A correction is a new entry in the key log pointing at the entry it corrects (key.corrected). */
export function decideCorrection(
  req: CorrectionRequest,
  ctx: { entry: { seq: number; handoutId: string | null } | undefined; handout: Handout | undefined; staff: string },
): CorrectionDecision | Refusal {
  if (!ctx.entry) return refuse(404, 'log_entry_not_found', `没有第 ${req.entrySeq} 条记录 / No key log entry ${req.entrySeq}`);
  if (!ctx.entry.handoutId || !ctx.handout) return refuse(409, 'entry_not_correctable', '该记录不涉及借还 / That entry is not a handout or return');
  const note = req.note.trim();
  if (!note) return refuse(400, 'note_required', '请说明更正原因 / Say why this is corrected');
  const set = Object.fromEntries(Object.entries(req.set).filter(([k, v]) => (correctableFields as readonly string[]).includes(k) && typeof v === 'string')) as CorrectionRequest['set'];
  const h = ctx.handout;
  const handout: Handout = {
    ...h,
    holder: { ...h.holder, name: set.holderName?.trim() || h.holder.name, contact: set.contact !== undefined ? set.contact.trim() || null : h.holder.contact },
    reason: set.reason !== undefined ? set.reason.trim() || null : h.reason,
  };
  const fields = Object.keys(set);
  return {
    handout,
    event: { type: 'key.corrected', payload: { correctsEntry: ctx.entry.seq, handoutId: h.id, keyId: h.keyId, staff: ctx.staff, fields } },
    logContent: { correctsEntry: ctx.entry.seq, handoutId: h.id, keyId: h.keyId, staff: ctx.staff, note, set },
  };
}
