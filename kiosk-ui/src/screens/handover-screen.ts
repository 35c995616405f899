import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { handOver, handoverEvents, handoverState, type Handover, type HandoverHistory } from '../api/handover.js';
import { ApiError } from '../api/http.js';
import { reloadOn } from '../api/live-events.js';
import { sessionStore } from '../api/session-store.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import { deskForms, labelText, noticeBox, refusalBox, refusalOf, type Bilingual } from '../styles/desk-forms.js';
import '../components/big-button.js';
import { followUpStates, handoverLists, paperworkKinds, shortTime } from '../components/handover-labels.js';

const text = {
  title: { zh: '书面交接班', en: 'Written shift handover' },
  lists: { zh: '本次交接将列出', en: 'This handover lists' },
  ...handoverLists,
  nothing: { zh: '无', en: 'none' },
  overdue: { zh: '超时', en: 'overdue' },
  history: { zh: '交接记录', en: 'Handovers' },
  noHistory: { zh: '还没有书面交接', en: 'No handover yet' },
  print: { zh: '打印', en: 'Print' },
  addLost: { zh: '添加遗留物品', en: 'Add a found item' },
  item: { zh: '物品', en: 'Item' },
  where: { zh: '拾获地点', en: 'Found at' },
  handedBackTo: { zh: '已交还给（未交还留空）', en: 'Handed back to (blank: at the desk)' },
  note: { zh: '交接说明', en: 'Note' },
  outgoing: { zh: '交班人', en: 'Outgoing' },
  incoming: { zh: '接班人', en: 'Incoming' },
  staff: { zh: '工号', en: 'Staff no.' },
  pin: { zh: '密码', en: 'PIN' },
  submit: { zh: '双方确认交接', en: 'Both confirm the handover' },
  done: { zh: '交接已保存', en: 'Handover saved' },
  still: { zh: '在前台', en: 'at the desk' },
  dueBack: { zh: '应还', en: 'due' },
  callback: { zh: '投诉回访', en: 'complaint callback' },
  backTo: { zh: '交还给谁', en: 'Handed back to' },
};


interface LostRow {
  item: string;
  where: string;
  handedBackTo: string;
}

type Pending = HandoverHistory['pending'];

/**
 * `/handover` (staff): the written handover (§六 书面交接, §十三): what it will list — keys not back, lost
 * and found, wrong cards, open complaints and follow-ups, the day's card paperwork — then the
 * outgoing and incoming staff both confirm with their PIN; the history, each printable.
 */
@customElement('handover-screen')
export class HandoverScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _state: HandoverHistory | null = null;
  @state() private _lost: LostRow[] = [];
  @state() private _note = '';
  @state() private _who = { outgoing: '', outgoingPin: '', incoming: '', incomingPin: '' };
  @state() private _notice: Bilingual | null = null;
  @state() private _refusal: ReturnType<typeof refusalOf> | null = null;
  @state() private _busy = false;

  static override styles = [
    tokens,
    deskForms,
    css`
      :host { grid-template-columns: minmax(0, 1fr) 500px; }
      .left { box-sizing: border-box; max-height: calc(100vh - 150px); }
      .group { border-bottom: 1px solid #e5e7eb; padding: 6px 0; }
      .group h4 { margin: 0; font-size: 18px; }
      .group h4 .count { display: inline-block; min-width: 1.6em; text-align: center; border-radius: 999px; background: #e0e7ff; color: #3730a3; margin-left: 6px; }
      .group h4 .count.some { background: #fef3c7; color: #78350f; }
      .group li { padding: 3px 0; font-size: 16px; border: 0; }
      .lostrow { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 6px; }
      .lostrow input { font-size: 17px; min-height: 48px; }
      .pins { display: grid; grid-template-columns: 90px 1fr 1fr; gap: 6px 8px; align-items: center; font-size: 18px; }
      .pins input { margin: 0; }
      .history li { display: flex; gap: 8px; align-items: center; }
      .history li span { flex: 1; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    // Anything the handover lists may change meanwhile: a key back, a complaint closed.
    reloadOn(this, handoverEvents, () => this._load());
  }

  private async _load(): Promise<void> {
    try {
      this._state = await handoverState();
      // The logged-in staff member is the one handing over, unless someone typed otherwise.
      if (!this._who.outgoing) this._who = { ...this._who, outgoing: sessionStore.get()?.staff.number ?? '' };
    } catch (error) {
      this._refusal = refusalOf(error);
    }
  }

  override render() {
    const s = this._state;
    return html`<h2>${primary(text.title)} <small class="muted">${secondary(text.title)}</small></h2>
      <section class="panel left scroll">
        <h3>${labelText(text.lists)}</h3>
        ${s ? this._pending(s.pending) : nothing}
        <h3>${labelText(text.history)}</h3>
        ${s && s.handovers.length === 0 ? html`<div class="empty">${primary(text.noHistory)}</div>` : nothing}
        <ul class="history">${s?.handovers.map((h) => this._historyRow(h))}</ul>
      </section>
      <aside class="panel">${this._form()} ${noticeBox(this._notice)} ${refusalBox(this._refusal)}</aside>`;
  }

  private _group(name: string, label: Bilingual, items: unknown[], line: (item: never) => unknown) {
    return html`<div class="group" data-group=${name}>
      <h4>${primary(label)} <small class="muted">${secondary(label)}</small><span class="count ${items.length ? 'some' : ''}" data-count>${items.length}</span></h4>
      ${items.length ? html`<ul>${items.map((i) => html`<li>${line(i as never)}</li>`)}</ul>` : nothing}
    </div>`;
  }

  private _pending(p: Pending) {
    const hhmm = shortTime;
    return html`${this._group('keys', text.keys, p.keysNotBack, (k: Pending['keysNotBack'][number]) => html`${k.label} · ${k.holder} · ${primary(text.dueBack)} ${hhmm(k.dueBackAt)} ${k.overdue ? html`<span class="tag bad">${primary(text.overdue)}</span>` : nothing}`)}
    ${this._group('lost', text.lost, p.lostAndFound, (l: Pending['lostAndFound'][number]) => html`${l.item}${l.where ? ` · ${l.where}` : ''} · ${l.handedBackTo ?? primary(text.still)}`)}
    ${this._group('wrong-cards', text.wrongCards, p.wrongCards, (w: Pending['wrongCards'][number]) => html`${w.label} · ${w.staff ?? ''} · ${hhmm(w.returnedAt)}`)}
    ${this._group('complaints', text.complaints, p.openComplaints, (c: Pending['openComplaints'][number]) => html`${c.what} · ${c.owner.name} · ${hhmm(c.callbackDueAt)}`)}
    ${this._group('followups', text.followUps, p.openFollowUps, (f: Pending['openFollowUps'][number]) => html`${f.ticketNumber ?? primary(text.callback)} · ${primary(followUpStates[f.state] ?? f.state)} · ${primary(text.dueBack)} ${hhmm(f.dueAt)} ${f.overdue ? html`<span class="tag bad">${primary(text.overdue)}</span>` : nothing}`)}
    ${this._group('paperwork', text.paperwork, p.paperwork, (w: Pending['paperwork'][number]) => html`${primary(paperworkKinds[w.kind] ?? w.kind)} · …${w.card.slice(-4)} ${w.holder} · ${w.summary}`)}`;
  }

  private _historyRow(h: Handover) {
    return html`<li data-handover=${h.id}>
      <span>${h.at.slice(5, 16).replace('T', ' ')} · ${h.outgoing.name} → ${h.incoming.name} · ${primary(text.keys)} ${h.keysNotBack.length} · ${primary(text.complaints)} ${h.openComplaints.length}${h.note ? ` · ${h.note}` : ''}</span>
      <big-button variant="neutral" data-action="print" @click=${() => this._print(h)}>${primary(text.print)}</big-button>
    </li>`;
  }

  private _form() {
    const w = this._who;
    const set = (key: keyof typeof w) => (e: Event) => (this._who = { ...this._who, [key]: (e.target as HTMLInputElement).value });
    const ready = w.outgoing && w.outgoingPin && w.incoming && w.incomingPin;
    return html`<h3>${labelText(text.lost)}</h3>
      ${this._lost.map(
        (l, i) => html`<div class="lostrow" data-lost=${i}>
          ${(['item', 'where', 'handedBackTo'] as const).map(
            (f) => html`<input name=${f} aria-label=${primary(text[f])} placeholder=${primary(f === 'handedBackTo' ? text.backTo : text[f])} maxlength=${f === 'handedBackTo' ? 80 : 200} .value=${l[f]} @input=${(e: Event) => this._editLost(i, f, (e.target as HTMLInputElement).value)} />`,
          )}
        </div>`,
      )}
      <big-button variant="neutral" data-action="add-lost" @click=${() => (this._lost = [...this._lost, { item: '', where: '', handedBackTo: '' }])}>+ ${primary(text.addLost)}</big-button>
      <label>${labelText(text.note)}<textarea name="note" maxlength="4000" .value=${this._note} @input=${(e: Event) => (this._note = (e.target as HTMLTextAreaElement).value)}></textarea></label>
      <div class="pins">
        <span></span><span>${primary(text.staff)}</span><span>${primary(text.pin)}</span>
        <span>${primary(text.outgoing)}</span>
        <input name="outgoing" inputmode="numeric" maxlength="6" aria-label=${`${primary(text.outgoing)} ${primary(text.staff)}`} .value=${w.outgoing} @input=${set('outgoing')} />
        <input name="outgoingPin" type="password" inputmode="numeric" maxlength="32" autocomplete="off" aria-label=${`${primary(text.outgoing)} ${primary(text.pin)}`} .value=${w.outgoingPin} @input=${set('outgoingPin')} />
        <span>${primary(text.incoming)}</span>
        <input name="incoming" inputmode="numeric" maxlength="6" aria-label=${`${primary(text.incoming)} ${primary(text.staff)}`} .value=${w.incoming} @input=${set('incoming')} />
        <input name="incomingPin" type="password" inputmode="numeric" maxlength="32" autocomplete="off" aria-label=${`${primary(text.incoming)} ${primary(text.pin)}`} .value=${w.incomingPin} @input=${set('incomingPin')} />
      </div>
      <big-button size="large" data-action="hand-over" ?disabled=${!ready || this._busy} @click=${() => this._submit()}>${primary(text.submit)}<span slot="sub">${secondary(text.submit)}</span></big-button>`;
  }

  private _editLost(i: number, field: keyof LostRow, value: string): void {
    this._lost = this._lost.map((l, j) => (j === i ? { ...l, [field]: value } : l));
  }

  private async _submit(): Promise<void> {
    if (this._busy) return;
    this._busy = true;
    this._notice = null;
    this._refusal = null;
    const w = this._who;
    try {
      const lostAndFound = this._lost
        .filter((l) => l.item.trim())
        .map((l) => ({ item: l.item.trim(), ...(l.where.trim() ? { where: l.where.trim() } : {}), ...(l.handedBackTo.trim() ? { handedBackTo: l.handedBackTo.trim() } : {}) }));
      const { handover } = await handOver({ outgoing: { staff: w.outgoing, pin: w.outgoingPin }, incoming: { staff: w.incoming, pin: w.incomingPin }, lostAndFound, ...(this._note.trim() ? { note: this._note.trim() } : {}) });
      this._notice = { zh: `${text.done.zh}：${handover.outgoing.name} → ${handover.incoming.name}`, en: `${text.done.en}: ${handover.outgoing.name} → ${handover.incoming.name}` };
      this._lost = [];
      this._note = '';
      this._who = { ...this._who, outgoingPin: '', incomingPin: '' };
      await this._load();
    } catch (error) {
      this._refusal = refusalOf(error);
      this._who = { ...this._who, outgoingPin: '', incomingPin: '' }; // a wrong PIN is typed again, never kept
    } finally {
      this._busy = false;
    }
  }

  /** The print page needs the staff token, so fetch it and hand the browser a blob to print. */
  private async _print(h: Handover): Promise<void> {
    try {
      const res = await fetch(`/api/shift/handover/${encodeURIComponent(h.id)}/print`, { headers: { authorization: `Bearer ${sessionStore.get()?.token ?? ''}` } });
      if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, res.statusText);
      const url = URL.createObjectURL(await res.blob());
      const win = window.open(url, '_blank');
      win?.addEventListener('load', () => win.print());
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      this._refusal = refusalOf(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'handover-screen': HandoverScreen;
  }
}
