import type { ComplaintClosed, ComplaintOpened } from '../../kernel/events.js';
import { refuse, type Refusal } from '../../kernel/refusal.js';

/** A complaint's callback is due within this many days of its opening (docs/domain.md#complaints). */
export const complaintCallbackDays = 3;
const DAY_MS = 86_400_000;

export type ComplaintState = 'open' | 'closed';

export interface Complaint {
  id: string;
  ticketId: string | null;
  what: string;
  /** How to reach the member for the callback; stays in this table, never in events. */
  contact: string | null;
  /** 首问制: the staff member who first took it owns it until it is closed. */
  owner: string;
  ownerName: string;
  openedAt: number;
  solution: string | null;
  followUpId: string | null;
  state: ComplaintState;
  cause: string | null;
  action: string | null;
  closedBy: string | null;
  closedAt: number | null;
}

export function callbackDueAt(openedAt: number): number {
  return openedAt + complaintCallbackDays * DAY_MS;
}

export function openComplaint(input: { id: string; what: string; ticketId: string | null; contact: string | null; solution: string | null; owner: { number: string; name: string }; at: number }): Complaint {
  return {
    id: input.id,
    ticketId: input.ticketId,
    what: input.what.trim(),
    contact: input.contact?.trim() || null,
    owner: input.owner.number,
    ownerName: input.owner.name,
    openedAt: input.at,
    solution: input.solution?.trim() || null,
    followUpId: null,
    state: 'open',
    cause: null,
    action: null,
    closedBy: null,
    closedAt: null,
  };
}

export function openedEvent(c: Complaint): { type: 'complaint.opened'; payload: ComplaintOpened } {
  return { type: 'complaint.opened', payload: { complaintId: c.id, ticketId: c.ticketId, owner: c.owner, followUpId: c.followUpId } };
}

export interface CloseRequest {
  cause: string | null | undefined;
  action: string | null | undefined;
  solution?: string | null;
  by: { number: string; roles: readonly string[] };
  at: number;
}

/**
 * Closing needs the root cause and the action taken, and only the owner (首问) or a manager may
 * close: whoever took the complaint answers for it until then.
 */
export function closeComplaint(c: Complaint, req: CloseRequest): { complaint: Complaint; event: { type: 'complaint.closed'; payload: ComplaintClosed } } | Refusal {
  if (c.state === 'closed') return refuse(409, 'complaint_closed', '该投诉已结案 · The complaint is already closed.');
  const cause = req.cause?.trim() ?? '';
  const action = req.action?.trim() ?? '';
  if (!cause || !action) return refuse(400, 'cause_and_action_required', '结案须写明根本原因和整改措施 · Closing needs the root cause and the action taken.');
  if (req.by.number !== c.owner && !req.by.roles.includes('manager'))
    return refuse(403, 'not_owner', `首问责任人 ${c.ownerName}（${c.owner}）或值班经理才能结案 · Only the owner ${c.owner} or a manager may close it.`);
  const complaint: Complaint = { ...c, state: 'closed', cause, action, solution: req.solution?.trim() || c.solution, closedBy: req.by.number, closedAt: req.at };
  return {
    complaint,
    event: { type: 'complaint.closed', payload: { complaintId: c.id, owner: c.owner, closedBy: req.by.number, withinDue: req.at <= callbackDueAt(c.openedAt) } },
  };
}
