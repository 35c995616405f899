import type { ShiftHandedOver } from '../../kernel/events.js';
import { refuse, type Refusal } from '../../kernel/refusal.js';

/** One written shift handover (docs/domain.md#written-handover): every open item, confirmed by both staff. */
export interface Handover {
  id: string;
  at: string;
  since: string | null;
  outgoing: { number: string; name: string };
  incoming: { number: string; name: string };
  keysNotBack: { keyId: string; label: string; holder: string; handedOutAt: string; dueBackAt: string | null; overdue: boolean }[];
  /** The lost-and-found log: what, where it was found, and to whom it was handed back (null: still at the desk). */
  lostAndFound: { item: string; where: string | null; handedBackTo: string | null }[];
  wrongCards: { keyId: string; label: string; staff: string | null; returnedAt: string }[];
  openComplaints: { id: string; what: string; owner: { number: string; name: string }; openedAt: string; callbackDueAt: string }[];
  openFollowUps: { id: string; ticketNumber: string | null; state: string; dueAt: string | null; overdue: boolean }[];
  /** The day's card operations whose papers go to the manager before closing. */
  paperwork: { kind: string; card: string; holder: string; summary: string }[];
  note: string;
}

export type HandoverContent = Omit<Handover, 'id' | 'at' | 'since' | 'outgoing' | 'incoming' | 'note'>;

/**
 * The handover is two people's word: the outgoing and the incoming staff, each confirmed by PIN
 * (null = the PIN did not check out), and they must be two different people.
 */
export function decideHandover(input: {
  id: string;
  at: string;
  since: string | null;
  outgoing: { number: string; name: string } | null;
  incoming: { number: string; name: string } | null;
  content: HandoverContent;
  note: string | null | undefined;
}): { handover: Handover; event: { type: 'shift.handed_over'; payload: ShiftHandedOver } } | Refusal {
  if (!input.outgoing) return refuse(401, 'outgoing_pin_wrong', '交班人工号或密码错误（或已被锁定） · The outgoing staff number or PIN is wrong (or locked).');
  if (!input.incoming) return refuse(401, 'incoming_pin_wrong', '接班人工号或密码错误（或已被锁定） · The incoming staff number or PIN is wrong (or locked).');
  if (input.outgoing.number === input.incoming.number) return refuse(400, 'same_staff', '交班人和接班人须是两个人 · The outgoing and incoming staff must be two people.');
  const c = input.content;
  const handover: Handover = { id: input.id, at: input.at, since: input.since, outgoing: input.outgoing, incoming: input.incoming, ...c, note: input.note?.trim() ?? '' };
  return {
    handover,
    event: {
      type: 'shift.handed_over',
      payload: {
        handoverId: input.id,
        outgoing: input.outgoing.number,
        incoming: input.incoming.number,
        keysNotBack: c.keysNotBack.length,
        leftBehind: c.lostAndFound.filter((l) => l.handedBackTo === null).length,
        wrongCards: c.wrongCards.length,
        openComplaints: c.openComplaints.length,
        openFollowUps: c.openFollowUps.length,
        paperwork: c.paperwork.length,
      },
    },
  };
}

/**
 * What is still open of a handover's items, against what a handover made now would list (`live`):
 * keys still out on the same handout, complaints and follow-ups still open (their live state),
 * the paperwork still due today. The lost-and-found items still at the desk and the wrong cards
 * have no live state: they stay until the next handover.
 */
export function stillOpen(h: Handover, live: HandoverContent): HandoverContent {
  const keyOut = new Map(live.keysNotBack.map((k) => [`${k.keyId} ${k.handedOutAt}`, k]));
  const complaints = new Map(live.openComplaints.map((c) => [c.id, c]));
  const followUps = new Map(live.openFollowUps.map((f) => [f.id, f]));
  const paperwork = new Set(live.paperwork.map((p) => `${p.kind} ${p.card}`));
  const fresh = <T>(items: T[], find: (item: T) => T | undefined) => items.flatMap((i) => find(i) ?? []);
  return {
    keysNotBack: fresh(h.keysNotBack, (k) => keyOut.get(`${k.keyId} ${k.handedOutAt}`)),
    lostAndFound: h.lostAndFound.filter((l) => l.handedBackTo === null),
    wrongCards: h.wrongCards,
    openComplaints: fresh(h.openComplaints, (c) => complaints.get(c.id)),
    openFollowUps: fresh(h.openFollowUps, (f) => followUps.get(f.id)),
    paperwork: h.paperwork.filter((p) => paperwork.has(`${p.kind} ${p.card}`)),
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const when = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');

/** A self-contained page to print and sign (A4, no scripts). */
export function handoverHtml(h: Handover, siteName: string): string {
  const section = (title: string, items: string[]) => `<h2>${title} (${items.length})</h2>${items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '<p>无 / None</p>'}`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>书面交接 / Written shift handover ${esc(h.at.slice(0, 10))}</title>
<style>
body{font-family:"WenQuanYi Micro Hei",sans-serif;margin:2em;color:#111}h1{font-size:1.4em}h2{font-size:1.1em;margin:1em 0 .2em}
.note{white-space:pre-wrap;border:1px solid #999;padding:.6em}.sign{margin-top:3em;display:flex;gap:4em}@media print{body{margin:0}}
</style></head><body>
<h1>书面交接 / Written shift handover</h1>
<p>${esc(siteName)} · ${esc(when(h.at))} · 交班 / outgoing: ${esc(h.outgoing.name)} (${esc(h.outgoing.number)}) → 接班 / incoming: ${esc(h.incoming.name)} (${esc(h.incoming.number)}) · 双方密码确认 / both confirmed by PIN</p>
${section('未归还钥匙 / Keys not back', h.keysNotBack.map((k) => `${esc(k.label)} (${esc(k.keyId)}) — ${esc(k.holder)}, ${esc(when(k.handedOutAt))}${k.overdue ? ' ⚠ 逾期 / overdue' : ''}`))}
${section('失物招领 / Lost and found', h.lostAndFound.map((l) => `${esc(l.item)}${l.where ? ` — ${esc(l.where)}` : ''} · ${l.handedBackTo ? `已交还 / handed back to ${esc(l.handedBackTo)}` : '仍在前台 / still at the desk'}`))}
${section('发错的卡 / Cards handed out wrongly', h.wrongCards.map((w) => `${esc(w.label)} (${esc(w.keyId)}) — ${esc(when(w.returnedAt))}${w.staff ? `, ${esc(w.staff)}` : ''}`))}
${section('未结投诉 / Open complaints', h.openComplaints.map((c) => `${esc(c.what)} — 首问 / owner ${esc(c.owner.name)} (${esc(c.owner.number)}), ${esc(when(c.openedAt))}, 回访截止 / callback by ${esc(when(c.callbackDueAt))}`))}
${section('待回访 / Open follow-ups', h.openFollowUps.map((f) => `${esc(f.ticketNumber ?? f.id.slice(0, 8))} — ${esc(f.state)}, 截止 / due ${esc(when(f.dueAt))}${f.overdue ? ' ⚠' : ''}`))}
${section('交经理的会员卡手续 / Card paperwork for the manager', h.paperwork.map((p) => `${esc(p.card)} ${esc(p.holder)} — ${esc(p.summary)}`))}
<h2>交接说明 / Note</h2><div class="note">${esc(h.note) || '—'}</div>
<div class="sign"><span>交班人 / Outgoing: ________</span><span>接班人 / Incoming: ________</span></div>
</body></html>`;
}
