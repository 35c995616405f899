import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, request } from '../api/http.js';
import { sessionStore } from '../api/session-store.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/error-text.js';
import '../components/big-button.js';
import { categoryNames, dayHhmm, listKeys, verifyKeyLog, type ChainVerdict, type Confirmation, type KeyView, type ShiftReport } from '../api/keys.js';
import { reloadOn } from '../api/live-events.js';

const confirmationNames: Record<Confirmation, { zh: string; en: string }> = {
  returned: { zh: '已归还', en: 'Returned' },
  still_out: { zh: '仍借出', en: 'Still out' },
  missing: { zh: '遗失', en: 'Missing' },
};

const text = {
  title: { zh: '交接班核对', en: 'End-of-shift check' },
  hint: { zh: '下班前核对每把借出的钥匙、遗留物品和发错的卡，书面交接给下一班。', en: 'Before the shift ends: check every key out, left-behind items and wrong cards; hand over in writing.' },
  allIn: { zh: '钥匙全部在柜', en: 'Every key is in' },
  reason: { zh: '原因（仍借出时必填）', en: 'Reason (needed when still out)' },
  left: { zh: '遗留物品', en: 'Left-behind items' },
  addLeft: { zh: '添加一项', en: 'Add an item' },
  item: { zh: '物品', en: 'Item' },
  where: { zh: '存放位置', en: 'Kept at' },
  note: { zh: '交接说明（必填）', en: 'Handover note (required)' },
  submit: { zh: '提交交接', en: 'Close the shift' },
  unexplained: { zh: '以下钥匙尚未说明', en: 'Not yet accounted for' },
  done: { zh: '交接已保存', en: 'Handover saved' },
  print: { zh: '打印', en: 'Print' },
  csv: { zh: '导出 CSV', en: 'Export CSV' },
  chainOk: { zh: '钥匙记录链完整', en: 'Key log chain intact' },
  chainBad: { zh: '钥匙记录被改动！', en: 'Key log has been altered!' },
  entries: { zh: '条', en: 'entries' },
};

/** `/shift` (staff): confirm every key out, note left-behind items, write the handover, print it. */
@customElement('shift-screen')
export class ShiftScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _out: KeyView[] = [];
  @state() private _items: Record<string, { status?: Confirmation; reason: string }> = {};
  @state() private _left: { item: string; where: string }[] = [];
  @state() private _note = '';
  @state() private _unexplained = new Set<string>();
  @state() private _report: ShiftReport | null = null;
  @state() private _chain: ChainVerdict | null = null;
  /** The thrown error: <error-text> phrases it when drawn, so it follows the language toggle. */
  @state() private _error: unknown = null;
  @state() private _busy = false;

  static override styles = [
    tokens,
    css`
      :host { display: block; padding: 14px 24px; max-width: 1100px; }
      h2 { margin: 0; font-size: 28px; }
      h3 { margin: 18px 0 8px; font-size: 22px; }
      .hint { color: var(--fd-muted); font-size: 18px; margin: 4px 0 10px; }
      .chain { display: inline-block; padding: 4px 12px; border-radius: 999px; font-size: 16px; background: #dcfce7; color: #14532d; }
      .chain.bad { background: #fee2e2; color: #7f1d1d; font-weight: 700; }
      .row { display: grid; grid-template-columns: 220px auto minmax(180px, 1fr); gap: 10px; align-items: center; background: var(--fd-surface); border-radius: 14px; padding: 10px 14px; margin-bottom: 8px; border-left: 8px solid transparent; }
      .row.overdue { border-left-color: var(--fd-danger); }
      .row.unexplained { outline: 3px solid var(--fd-danger); }
      .key { font-size: 20px; font-weight: 700; }
      .key small { display: block; font-weight: 400; font-size: 14px; color: var(--fd-muted); }
      .choices { display: flex; gap: 6px; }
      input, textarea { font: inherit; font-size: 19px; padding: 8px 10px; border-radius: 10px; border: 2px solid #d1d5db; min-height: 52px; width: 100%; }
      textarea { min-height: 110px; }
      .left { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin-bottom: 8px; }
      .actions { display: flex; gap: 12px; margin-top: 14px; flex-wrap: wrap; }
      .done { background: #dcfce7; border-radius: 14px; padding: 14px 18px; font-size: 19px; }
      .empty { color: var(--fd-muted); font-size: 20px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    // Kept live: a key returned at the desk meanwhile must not still be listed as out.
    reloadOn(this, ['key.*'], () => this._load());
  }

  private async _load(): Promise<void> {
    try {
      const [list, chain] = await Promise.all([listKeys('out'), verifyKeyLog()]);
      this._out = list.keys;
      this._chain = chain;
      this._error = null;
    } catch (error) {
      this._error = error;
    }
  }

  private _set(keyId: string, change: Partial<{ status: Confirmation; reason: string }>): void {
    this._items = { ...this._items, [keyId]: { ...{ reason: '' }, ...this._items[keyId], ...change } };
    if (this._unexplained.has(keyId)) this._unexplained = new Set([...this._unexplained].filter((k) => k !== keyId));
  }

  override render() {
    return html`<h2>${primary(text.title)} <small class="muted">${secondary(text.title)}</small></h2>
      <div class="hint">${primary(text.hint)}</div>
      ${this._chain
        ? html`<span class="chain ${this._chain.ok ? '' : 'bad'}" data-chain=${this._chain.ok ? 'ok' : 'broken'}
            >${this._chain.ok ? `✓ ${primary(text.chainOk)} (${this._chain.entries} ${primary(text.entries)})` : `⚠ ${primary(text.chainBad)} #${this._chain.firstBad?.seq}`}</span
          >`
        : nothing}
      ${this._report ? this._done(this._report) : this._form()}
      ${this._error ? html`<div class="error" role="alert"><error-text .error=${this._error}></error-text></div>` : nothing}`;
  }

  private _form() {
    return html`<h3>${primary({ zh: '借出钥匙', en: 'Keys out' })} (${this._out.length})</h3>
      ${this._out.length === 0 ? html`<div class="empty">${primary(text.allIn)}</div>` : this._out.map((k) => this._row(k))}
      <h3>${primary(text.left)} <small class="muted">${secondary(text.left)}</small></h3>
      ${this._left.map(
        (l, i) => html`<div class="left">
          <input aria-label=${primary(text.item)} placeholder=${primary(text.item)} data-left-item=${i} .value=${l.item} @input=${(e: Event) => this._editLeft(i, 'item', (e.target as HTMLInputElement).value)} />
          <input aria-label=${primary(text.where)} placeholder=${primary(text.where)} .value=${l.where} @input=${(e: Event) => this._editLeft(i, 'where', (e.target as HTMLInputElement).value)} />
        </div>`,
      )}
      <big-button variant="neutral" data-action="add-left" @click=${() => (this._left = [...this._left, { item: '', where: '' }])}>+ ${primary(text.addLeft)}</big-button>
      <h3 id="handover-note-label">${primary(text.note)} <small class="muted">${secondary(text.note)}</small></h3>
      <textarea name="handoverNote" aria-labelledby="handover-note-label" maxlength="4000" .value=${this._note} @input=${(e: Event) => (this._note = (e.target as HTMLTextAreaElement).value)}></textarea>
      <div class="actions">
        <big-button size="large" data-action="reconcile" ?disabled=${this._busy || !this._note.trim()} @click=${() => this._submit()}>${primary(text.submit)}<span slot="sub">${secondary(text.submit)}</span></big-button>
      </div>`;
  }

  private _row(k: KeyView) {
    const item = this._items[k.id];
    return html`<div class="row ${k.handout?.overdue ? 'overdue' : ''} ${this._unexplained.has(k.id) ? 'unexplained' : ''}" data-key=${k.id}>
      <div class="key">${k.label}<small>${k.id} · ${primary(categoryNames[k.category])} · ${k.handout?.holder.name ?? ''} · ${dayHhmm(k.handout?.dueBackAt ?? null)}</small></div>
      <div class="choices">
        ${(Object.keys(confirmationNames) as Confirmation[]).map(
          (c) => html`<big-button variant=${item?.status === c ? (c === 'missing' ? 'danger' : 'primary') : 'neutral'} data-status=${c} @click=${() => this._set(k.id, { status: c })}>${primary(confirmationNames[c])}</big-button>`,
        )}
      </div>
      <input placeholder=${primary(text.reason)} .value=${item?.reason ?? ''} @input=${(e: Event) => this._set(k.id, { reason: (e.target as HTMLInputElement).value })} />
    </div>`;
  }

  private _editLeft(i: number, field: 'item' | 'where', value: string): void {
    this._left = this._left.map((l, j) => (j === i ? { ...l, [field]: value } : l));
  }

  private async _submit(): Promise<void> {
    this._busy = true;
    try {
      const items = Object.entries(this._items)
        .filter(([, v]) => v.status)
        .map(([keyId, v]) => ({ keyId, status: v.status, reason: v.reason }));
      const result = await request<{ report: ShiftReport }>('POST', '/api/shift/reconcile', { items, leftBehind: this._left.filter((l) => l.item.trim()), handoverNote: this._note }, { auth: true });
      this._report = result.report;
      this._error = null;
      void this._load(); // the chain badge counts the new entries
    } catch (error) {
      this._error = error;
      if (error instanceof ApiError && error.code === 'keys_unexplained') await this._markUnexplained();
    } finally {
      this._busy = false;
    }
  }

  /** The 409 names the keys; the client's ApiError keeps only code and message, so ask again. */
  private async _markUnexplained(): Promise<void> {
    const missing = this._out.filter((k) => {
      const item = this._items[k.id];
      return !item?.status || (item.status === 'still_out' && !item.reason.trim());
    });
    this._unexplained = new Set(missing.map((k) => k.id));
  }

  private _done(r: ShiftReport) {
    return html`<div class="done" data-report=${r.id}>
        <b>${primary(text.done)}</b> · ${dayHhmm(r.at)}<br />
        ${primary({ zh: '本班借出', en: 'Handed out' })} ${r.activity.handedOut} · ${primary({ zh: '归还', en: 'returned' })} ${r.activity.returned} ·
        ${primary({ zh: '发错的卡', en: 'wrong cards' })} ${r.activity.wrongCards.length} · ${primary(text.left)} ${r.leftBehind.length}
      </div>
      <div class="actions">
        <big-button data-action="print" @click=${() => this._open(r, 'html')}>${primary(text.print)}</big-button>
        <big-button variant="neutral" data-action="csv" @click=${() => this._open(r, 'csv')}>${primary(text.csv)}</big-button>
      </div>`;
  }

  /** The export routes need the staff token, so fetch and hand the browser a blob. */
  private async _open(r: ShiftReport, kind: 'html' | 'csv'): Promise<void> {
    try {
      const res = await fetch(`/api/shift/reports/${r.id}.${kind}`, { headers: { authorization: `Bearer ${sessionStore.get()?.token ?? ''}` } });
      if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, res.statusText);
      const url = URL.createObjectURL(await res.blob());
      if (kind === 'html') {
        const w = window.open(url, '_blank');
        w?.addEventListener('load', () => w.print());
      } else {
        const a = document.createElement('a');
        a.href = url;
        a.download = `shift-${r.at.slice(0, 10)}.csv`;
        a.click();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      this._error = error;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shift-screen': ShiftScreen;
  }
}
