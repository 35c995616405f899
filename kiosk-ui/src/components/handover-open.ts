import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { handoverEvents, latestHandover, type HandoverLatest } from '../api/handover.js';
import { reloadOn } from '../api/live-events.js';
import type { Bilingual } from '../api/types.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import { followUpStates, handoverLists, paperworkKinds, shortTime } from './handover-labels.js';

type Open = NonNullable<HandoverLatest['open']>;

const text = {
  title: { zh: '交接事项', en: 'Open from the last handover' },
  show: { zh: '展开', en: 'Show' },
  hide: { zh: '收起', en: 'Hide' },
  still: { zh: '在前台', en: 'at the desk' },
  more: { zh: '还有 {n} 项', en: '{n} more' },
  callback: { zh: '投诉回访', en: 'complaint callback' },
};

/** The handover collapsed on this terminal (its id): a newer handover opens the panel again. */
const COLLAPSED_KEY = 'frontdesk.handoverCollapsed';

function readCollapsed(): string {
  try {
    return localStorage.getItem(COLLAPSED_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Each list: where it is dealt with, and one short line per item. */
const groups: { name: string; label: Bilingual; href: string; lines: (o: Open) => string[] }[] = [
  { name: 'keys', label: handoverLists.keys, href: '/keys', lines: (o) => o.keysNotBack.map((k) => `${k.label} · ${k.holder}${k.overdue ? ' ⚠' : ''}`) },
  { name: 'lost', label: handoverLists.lost, href: '/handover', lines: (o) => o.lostAndFound.map((l) => `${l.item}${l.where ? ` · ${l.where}` : ''} · ${primary(text.still)}`) },
  { name: 'wrong-cards', label: handoverLists.wrongCards, href: '/keys', lines: (o) => o.wrongCards.map((w) => `${w.label} · ${shortTime(w.returnedAt)}`) },
  { name: 'complaints', label: handoverLists.complaints, href: '/complaints', lines: (o) => o.openComplaints.map((c) => `${c.what} · ${c.owner.name}`) },
  { name: 'followups', label: handoverLists.followUps, href: '/followups', lines: (o) => o.openFollowUps.map((f) => `${f.ticketNumber ?? primary(text.callback)} · ${primary(followUpStates[f.state] ?? f.state)} · ${shortTime(f.dueAt)}${f.overdue ? ' ⚠' : ''}`) },
  { name: 'paperwork', label: handoverLists.paperwork, href: '/members', lines: (o) => o.paperwork.map((p) => `${primary(paperworkKinds[p.kind] ?? p.kind)} · …${p.card.slice(-4)} ${p.holder}`) },
];

/** Item lines shown per list; the rest is counted ("+N"), the list's screen has them all. */
const SHOWN = 2;

/**
 * 交接事项 on the incoming shift's first screen (/desk, and home once logged in): who handed over
 * when, the note, and the handover's items that are still open now, each list linking to the screen
 * that deals with it. It follows the live state (a key brought back leaves), goes once nothing is
 * open, and can be collapsed on this terminal until the next handover.
 */
@customElement('handover-open')
export class HandoverOpen extends LitElement {
  @state() private _latest: HandoverLatest | null = null;
  @state() private _collapsed = readCollapsed();

  static override styles = [
    tokens,
    css`
      /* One 48 px strip in the page; the details open over the screen below it, so the screen keeps its size. */
      :host { display: block; position: relative; z-index: 5; }
      section { background: #fffbeb; border: 1px solid #fcd34d; border-radius: 12px; color: #78350f; }
      header { display: flex; align-items: center; gap: 12px; min-height: 48px; padding-left: 14px; }
      h2 { margin: 0; font-size: 18px; white-space: nowrap; }
      h2 small { font-weight: 400; font-size: 15px; margin-left: 6px; }
      .who { flex: 1; min-width: 0; font-size: 16px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      .count { min-width: 1.8em; text-align: center; border-radius: 999px; background: #fde68a; font-weight: 700; font-size: 16px; padding: 1px 6px; }
      button { align-self: stretch; min-height: 48px; min-width: 96px; font: inherit; font-size: 16px; border: none; border-left: 1px solid #fcd34d; background: #fff; color: #78350f; border-radius: 0 12px 12px 0; padding: 0 16px; cursor: pointer; white-space: nowrap; }
      .detail { position: absolute; top: calc(100% - 6px); left: 0; right: 0; padding: 10px 14px 12px; background: #fffbeb; border: 1px solid #fcd34d; border-top: none; border-radius: 0 0 12px 12px; box-shadow: 0 12px 24px rgb(0 0 0 / 0.18); }
      .note { margin: 0 0 8px; font-size: 16px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 8px; }
      a { display: block; min-height: 56px; padding: 6px 10px; background: #fff; border: 1px solid #fde68a; border-radius: 10px; color: var(--fd-text); text-decoration: none; }
      a:active { background: #fef3c7; }
      a b { display: flex; gap: 6px; align-items: baseline; font-size: 16px; }
      a b span:first-child { flex: 1; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      a small { display: block; font-size: 14px; color: var(--fd-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      @media print { :host { display: none; } }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    // What the handover listed leaves as it is dealt with: a key back, a complaint closed, a callback made.
    reloadOn(this, handoverEvents, () => this._load());
  }

  private async _load(): Promise<void> {
    try {
      this._latest = await latestHandover();
    } catch {
      /* not logged in, or the service is away: the screen itself says so */
    }
  }

  private _toggle(id: string): void {
    this._collapsed = this._collapsed === id ? '' : id;
    try {
      localStorage.setItem(COLLAPSED_KEY, this._collapsed);
    } catch {
      /* storage disabled: for this page only */
    }
  }

  override render() {
    const h = this._latest?.handover;
    const open = this._latest?.open;
    if (!h || !open) return nothing;
    const shown = groups.map((g) => ({ ...g, items: g.lines(open) })).filter((g) => g.items.length > 0);
    if (shown.length === 0) return nothing;
    const total = shown.reduce((n, g) => n + g.items.length, 0);
    const collapsed = this._collapsed === h.id;
    return html`<section data-handover-open=${h.id} aria-label=${primary(text.title)}>
      <header>
        <h2>${primary(text.title)}<small>${secondary(text.title)}</small></h2>
        <span class="count" data-total>${total}</span>
        <span class="who">${shortTime(h.at)} · ${h.outgoing.name} → ${h.incoming.name}</span>
        <button type="button" aria-expanded=${!collapsed} data-action="toggle" @click=${() => this._toggle(h.id)}>${primary(collapsed ? text.show : text.hide)}</button>
      </header>
      ${collapsed
        ? nothing
        : html`<div class="detail">
            ${h.note ? html`<p class="note" data-note title=${h.note}>“${h.note}”</p>` : nothing}
            <ul>
              ${shown.map(
                (g) => html`<li>
                  <a href=${g.href} data-group=${g.name}>
                    <b><span>${primary(g.label)}</span><span class="count">${g.items.length}</span></b>
                    ${g.items.slice(0, SHOWN).map((line) => html`<small>${line}</small>`)}
                    ${g.items.length > SHOWN ? html`<small>${primary(text.more).replace('{n}', String(g.items.length - SHOWN))}</small>` : nothing}
                  </a>
                </li>`,
              )}
            </ul>
          </div>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'handover-open': HandoverOpen;
  }
}
