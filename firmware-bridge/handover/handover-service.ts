import { randomUUID } from 'node:crypto';
import type { Clock } from '../kernel/clock.js';
import { isoLocal, localDay } from '../kernel/local-time.js';
import type { Refusal } from '../kernel/refusal.js';
import type { Db } from '../store/database.js';
import type { EventStore } from '../store/event-store.js';
import type { KeysService } from '../keys/keys-service.js';
import type { ComplaintsService } from '../complaints/complaints-service.js';
import type { RatingsService } from '../ratings/ratings-service.js';
import type { MembersService } from '../members/members-service.js';
import { HandoverStore } from './handover-store.js';
import { decideHandover, stillOpen, type Handover, type HandoverContent } from './rules/handover-rules.js';

// What the handover asks of the other features, through their services in `ctx.services` (never their
// tables). A feature that is not running simply lists nothing.
type KeyDesk = Pick<KeysService, 'list' | 'handoverItems'>;
type ComplaintList = Pick<ComplaintsService, 'openComplaints' | 'view'>;
type FollowUpList = Pick<RatingsService, 'followUps' | 'followUpView'>;
type CardPaperwork = Pick<MembersService, 'paperwork'>;

/** Checks a staff member's PIN with the sessions' lockout (StaffSessions.verify). */
export type PinCheck = (number: string, pin: string) => { number: string; name: string } | null;

export interface HandoverRequest {
  outgoing: { staff: string; pin: string };
  incoming: { staff: string; pin: string };
  lostAndFound?: { item: string; where?: string; handedBackTo?: string }[];
  note?: string;
}

export interface HandoverServiceOptions {
  db: Db;
  store: EventStore;
  clock: Clock;
  timezone: string;
  verifyPin: PinCheck;
  service: <T>(name: 'keys' | 'complaints' | 'ratings' | 'members') => T | undefined;
}

/** The written shift handover (docs/domain.md#written-handover). */
export class HandoverService {
  private readonly handovers: HandoverStore;

  constructor(private readonly o: HandoverServiceOptions) {
    this.handovers = new HandoverStore(o.db);
  }

  /** Both PINs first: a wrong one stores nothing. */
  handOver(req: HandoverRequest): Handover | Refusal {
    const outgoing = this.o.verifyPin(req.outgoing.staff, req.outgoing.pin);
    const incoming = outgoing ? this.o.verifyPin(req.incoming.staff, req.incoming.pin) : null;
    const now = this.o.clock.now();
    const sinceMs = this.handovers.latest()?.atMs ?? null;
    const decision = decideHandover({
      id: randomUUID(),
      at: isoLocal(now, this.o.timezone),
      since: sinceMs === null ? null : isoLocal(sinceMs, this.o.timezone),
      outgoing,
      incoming,
      content: this.openItems(now, sinceMs, req.lostAndFound ?? []),
      note: req.note,
    });
    if ('refused' in decision) return decision;
    this.o.store.commit([decision.event], () => this.handovers.insert(decision.handover, now));
    return decision.handover;
  }

  /** What a handover made now would list (before both PINs): the form shows it. */
  pending(): HandoverContent {
    const now = this.o.clock.now();
    return this.openItems(now, this.handovers.latest()?.atMs ?? null, []);
  }

  /** The latest handovers, newest first. */
  history(limit: number): Handover[] {
    return this.handovers.recent(limit);
  }

  latest(): Handover | undefined {
    return this.handovers.latest()?.handover;
  }

  /** The latest handover's items that are still open now (what the incoming shift's first screen shows). */
  stillOpen(h: Handover): HandoverContent {
    return stillOpen(h, this.pending());
  }

  get(id: string): Handover | undefined {
    return this.handovers.get(id);
  }

  private openItems(now: number, sinceMs: number | null, lostAndFound: NonNullable<HandoverRequest['lostAndFound']>): HandoverContent {
    const keys = this.o.service<KeyDesk>('keys');
    const complaints = this.o.service<ComplaintList>('complaints');
    const ratings = this.o.service<FollowUpList>('ratings');
    const members = this.o.service<CardPaperwork>('members');
    const keyItems = keys?.handoverItems(sinceMs) ?? { wrongCards: [], leftBehind: [] };
    return {
      keysNotBack: (keys?.list('out') ?? []).flatMap((k) =>
        k.handout ? [{ keyId: k.id, label: k.label, holder: k.handout.holder.name, handedOutAt: k.handout.handedOutAt, dueBackAt: k.handout.dueBackAt, overdue: k.handout.overdue }] : [],
      ),
      // The reconciliations' left-behind items (still at the desk), then the ones written here.
      lostAndFound: [
        ...keyItems.leftBehind.map((l) => ({ item: l.item, where: l.where, handedBackTo: null })),
        ...lostAndFound.filter((l) => l.item.trim()).map((l) => ({ item: l.item.trim(), where: l.where?.trim() || null, handedBackTo: l.handedBackTo?.trim() || null })),
      ],
      wrongCards: keyItems.wrongCards,
      openComplaints: (complaints?.openComplaints() ?? []).map((c) => {
        const v = complaints!.view(c);
        return { id: v.id, what: v.what, owner: v.owner, openedAt: v.openedAt, callbackDueAt: v.callback.dueAt };
      }),
      openFollowUps: (ratings?.followUps('open', ['manager']) ?? []).map((f) => {
        const v = ratings!.followUpView(f);
        return { id: v.id, ticketNumber: v.ticket.number, state: v.state, dueAt: v.dueAt, overdue: v.overdue };
      }),
      paperwork: (members?.paperwork(localDay(now, this.o.timezone)) ?? []).map(({ kind, card, holder, summary }) => ({ kind, card, holder, summary })),
    };
  }
}
