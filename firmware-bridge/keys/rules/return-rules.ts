import type { NewEvent } from '../../kernel/events.js';
import { isoLocal } from '../../kernel/local-time.js';
import { refuse, type Refusal } from '../../kernel/refusal.js';
import { normalizeCard } from '../../kernel/card-number.js';
import type { KeyDefinition } from './key-inventory.js';
import type { Handout } from './key-types.js';

export interface ReturnRequest {
  card?: string;
}

export interface ReturnContext {
  key: KeyDefinition | undefined;
  open: Handout | undefined;
  staff: string;
  now: number;
  tz: string;
  hashCard(card: string): string;
  /** "desk" for a return at the counter, "reconcile" when confirmed at the end of the shift. */
  via?: 'desk' | 'reconcile';
}

export interface ReturnDecision {
  handout: Handout;
  event: NewEvent<'key.returned'>;
  overdue: boolean;
}

/**
 * Takes a key back. A card other than the one it was lent to is accepted (the key is physically
 * back) but flagged — the "发错的卡" the end-of-shift check looks for (docs/domain.md#keys-return).
 */
export function decideReturn(req: ReturnRequest, ctx: ReturnContext): ReturnDecision | Refusal {
  if (!ctx.key) return refuse(404, 'key_not_found', '没有这把钥匙 / No such key');
  const open = ctx.open;
  if (!open) return refuse(409, 'key_not_out', `${ctx.key.label} 未借出，无法归还 / Key ${ctx.key.id} is not out`);
  const card = typeof req.card === 'string' && req.card.trim() ? normalizeCard(req.card) : null;
  const wrongCard = card !== null && open.holder.card !== null && card !== open.holder.card;
  const overdue = open.dueBackAt !== null && ctx.now > open.dueBackAt;
  const handout: Handout = { ...open, returnedAt: ctx.now, returnStaff: ctx.staff, returnCard: card, wrongCard };
  return {
    handout,
    overdue,
    event: {
      type: 'key.returned',
      payload: {
        handoutId: open.id,
        keyId: open.keyId,
        category: open.category,
        staff: ctx.staff,
        cardHash: card === null ? null : ctx.hashCard(card),
        wrongCard,
        overdue,
        outSec: Math.max(0, Math.round((ctx.now - open.handedOutAt) / 1000)),
        returnedAt: isoLocal(ctx.now, ctx.tz),
        via: ctx.via ?? 'desk',
      },
    },
  };
}
