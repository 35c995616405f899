import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { reloadOn } from '../api/live-events.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { every, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/error-text.js';
import '../components/big-button.js';
import '../components/card-swipe.js';
import type { CardSwipe, CardSwipeElement } from '../components/card-swipe.js';

import { categoryNames, dayHhmm, handOutKey, hhmm, listKeys, returnKey, type KeyCategory, type KeyList, type KeyView } from '../api/keys.js';

// ---- the screen ----

const text = {
  title: { zh: '钥匙与手牌', en: 'Keys and wrist tags' },
  overdue: { zh: '逾期未还', en: 'overdue' },
  overdueAlert: { zh: '把钥匙逾期未还', en: 'key(s) overdue' },
  pick: { zh: '请选择一把钥匙', en: 'Pick a key' },
  out: { zh: '已借出', en: 'Out' },
  in: { zh: '在柜', en: 'In' },
  all: { zh: '全部', en: 'All' },
  holder: { zh: '借用人', en: 'Holder' },
  since: { zh: '借出', en: 'Out since' },
  due: { zh: '应还', en: 'Due' },
  returnIt: { zh: '归还', en: 'Return' },
  returnHint: { zh: '刷借用人的卡后归还；也可直接点“归还”', en: 'Swipe the holder’s card to return, or just press Return' },
  handOut: { zh: '借出', en: 'Hand out' },
  name: { zh: '姓名', en: 'Name' },
  contact: { zh: '联系方式/单位', en: 'Contact / company' },
  staffNo: { zh: '或员工工号', en: 'or staff number' },
  reason: { zh: '借用事由', en: 'Reason' },
  idChecked: { zh: '已核验业主身份证件', en: 'Owner’s ID checked' },
  signature: { zh: '业主签名（输入姓名）', en: 'Owner’s signature (type the name)' },
  approver: { zh: '工程部经理工号', en: 'Engineering manager no.' },
  approverPin: { zh: '经理密码', en: 'Manager PIN' },
  handedOut: { zh: '已借出，请交给借用人', en: 'Handed out' },
  returned: { zh: '已归还', en: 'Returned' },
  wrongCard: { zh: '注意：归还的卡与借出时不同（发错的卡），已记录', en: 'Note: returned with a different card than it was lent to — flagged' },
};

type Filter = 'all' | 'out' | 'overdue';

/** `/keys` (staff): the key board — hand out by card swipe or per-category form, take back, overdue alert. */
@customElement('keys-screen')
export class KeysScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _list: KeyList = { keys: [], out: 0, overdue: 0, overdueKeys: [] };
  @state() private _filter: Filter = 'all';
  @state() private _category: KeyCategory = 'member_locker';
  @state() private _selected: string | null = null;
  @state() private _form: Record<string, string> = {};
  @state() private _idChecked = false;
  /** The thrown error: <error-text> phrases it when drawn, so it follows the language toggle. */
  @state() private _error: unknown = null;
  @state() private _notice: { text: { zh: string; en: string }; warn: boolean } | null = null;
  @state() private _busy = false;

  static override styles = [
    tokens,
    css`
      :host { display: grid; grid-template-columns: minmax(0, 1fr) 420px; align-content: start; gap: 18px; padding: 14px 20px; }
      h2 { margin: 0 0 8px; font-size: 28px; grid-column: 1 / -1; }
      .alert { grid-column: 1 / -1; background: #fee2e2; color: #7f1d1d; border-left: 10px solid var(--fd-danger); padding: 10px 16px; border-radius: 12px; font-size: 20px; font-weight: 700; }
      .bar { display: flex; gap: 8px; flex-wrap: wrap; margin-bottom: 10px; }
      .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(104px, 1fr)); gap: 8px; }
      .tile { min-height: 72px; border-radius: 12px; border: 3px solid transparent; background: #dcfce7; color: #14532d; font: inherit; font-size: 17px; font-weight: 700; cursor: pointer; padding: 6px; text-align: center; }
      .tile small { display: block; font-weight: 400; font-size: 13px; }
      .tile.out { background: #dbeafe; color: #1e3a8a; }
      .tile.overdue { background: #fee2e2; color: #7f1d1d; }
      .tile.selected { border-color: #f59e0b; }
      .panel { background: var(--fd-surface); border-radius: 16px; padding: 16px; box-shadow: 0 2px 8px rgb(0 0 0 / 0.08); align-self: start; display: flex; flex-direction: column; gap: 12px; }
      .panel h3 { margin: 0; font-size: 26px; }
      label { display: block; font-size: 17px; }
      input[type='text'], input[type='password'] { width: 100%; min-height: 52px; font: inherit; font-size: 22px; padding: 6px 12px; border-radius: 10px; border: 2px solid #d1d5db; margin-top: 4px; }
      .check { display: flex; gap: 12px; align-items: center; min-height: 52px; font-size: 20px; }
      .check input { width: 32px; height: 32px; }
      .facts { font-size: 19px; line-height: 1.6; }
      .notice { padding: 10px 14px; border-radius: 12px; background: #dcfce7; color: #14532d; font-size: 19px; font-weight: 700; }
      .notice.warn { background: #fef3c7; color: #78350f; }
      .empty { color: var(--fd-muted); font-size: 20px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    // A saved settings change may add, relabel or remove keys.
    reloadOn(this, ['key.*', 'settings.changed'], () => this._load());
    every(this, 30_000, () => void this._load()); // overdue turns on by time alone
  }

  private async _load(): Promise<void> {
    try {
      this._list = await listKeys('all');
      this._error = null;
    } catch (error) {
      this._error = error;
    }
  }

  private get _selectedKey(): KeyView | undefined {
    return this._list.keys.find((k) => k.id === this._selected);
  }

  override render() {
    const keys = this._list.keys.filter(
      (k) => k.category === this._category && (this._filter === 'all' || (this._filter === 'out' ? k.state === 'out' : k.handout?.overdue)),
    );
    return html`<h2>${primary(text.title)} <small class="muted">${secondary(text.title)}</small></h2>
      ${this._list.overdue > 0
        ? html`<div class="alert" role="alert" data-overdue=${this._list.overdue}>
            ⚠ ${this._list.overdue} ${primary(text.overdueAlert)}：${this._list.overdueKeys.map((id) => this._list.keys.find((k) => k.id === id)?.label ?? id).join('、')}
            <small>${secondary(text.overdueAlert)}</small>
          </div>`
        : nothing}
      <section>
        <div class="bar">
          ${(Object.keys(categoryNames) as KeyCategory[]).map(
            (c) => html`<big-button variant=${c === this._category ? 'primary' : 'neutral'} data-category=${c} @click=${() => ((this._category = c), (this._selected = null))}>${primary(categoryNames[c])}</big-button>`,
          )}
        </div>
        <div class="bar">
          ${(['all', 'out', 'overdue'] as Filter[]).map(
            (f) => html`<big-button variant=${f === this._filter ? 'primary' : 'ghost'} data-filter=${f} @click=${() => (this._filter = f)}>${primary(f === 'all' ? text.all : f === 'out' ? text.out : text.overdue)}</big-button>`,
          )}
        </div>
        <div class="grid">
          ${keys.map(
            (k) => html`<button
              class="tile ${k.state} ${k.handout?.overdue ? 'overdue' : ''} ${k.id === this._selected ? 'selected' : ''}"
              data-key=${k.id}
              data-state=${k.state}
              @click=${() => this._select(k.id)}
            >${k.label}<small>${k.state === 'out' ? `${primary(text.out)} · ${hhmm(k.handout!.dueBackAt)}` : primary(text.in)}</small></button>`,
          )}
        </div>
      </section>
      <aside class="panel">${this._panel()}</aside>`;
  }

  private _select(id: string): void {
    this._selected = id;
    this._form = {};
    this._idChecked = false;
    this._notice = null;
    this._error = null;
  }

  private _panel() {
    const key = this._selectedKey;
    const feedback = html`${this._notice ? html`<div class="notice ${this._notice.warn ? 'warn' : ''}" role="status">${primary(this._notice.text)}<br /><small>${secondary(this._notice.text)}</small></div>` : nothing}
    ${this._error ? html`<div class="error" role="alert"><error-text .error=${this._error}></error-text></div>` : nothing}`;
    if (!key) return html`<div class="empty">${primary(text.pick)}<br /><small>${secondary(text.pick)}</small></div>${feedback}`;
    const head = html`<h3>${key.label} <small class="muted">${key.id} · ${primary(categoryNames[key.category])}</small></h3>`;
    if (key.state === 'out' && key.handout) {
      const h = key.handout;
      return html`${head}
        <div class="facts">
          ${primary(text.holder)}：<b data-holder>${h.holder.name}</b>${h.holder.cardLast4 ? ` (…${h.holder.cardLast4})` : ''}${h.holder.contact ? ` · ${h.holder.contact}` : ''}<br />
          ${primary(text.since)}：${dayHhmm(h.handedOutAt)} · ${primary(text.due)}：<span class=${h.overdue ? 'error' : ''}>${dayHhmm(h.dueBackAt)} ${h.overdue ? primary(text.overdue) : ''}</span>
          ${h.reason ? html`<br />${primary(text.reason)}：${h.reason}` : nothing}
        </div>
        <card-swipe .label=${text.returnHint} @card-swiped=${(e: CustomEvent<CardSwipe>) => this._return(key, e.detail.card)}></card-swipe>
        <big-button variant="ok" size="large" data-action="return" ?disabled=${this._busy} @click=${() => this._return(key)}>${primary(text.returnIt)}<span slot="sub">${secondary(text.returnIt)}</span></big-button>
        ${feedback}`;
    }
    return html`${head}${this._handoutForm(key)}${feedback}`;
  }

  private _field(name: string, label: { zh: string; en: string }, type: 'text' | 'password' = 'text') {
    return html`<label>${primary(label)} <small class="muted">${secondary(label)}</small>
      <input type=${type} name=${name} maxlength="80" autocomplete="off" .value=${this._form[name] ?? ''} @input=${(e: Event) => (this._form = { ...this._form, [name]: (e.target as HTMLInputElement).value })} />
    </label>`;
  }

  private _handoutForm(key: KeyView) {
    const submit = html`<big-button size="large" data-action="handout" ?disabled=${this._busy} @click=${() => this._handOut(key)}>${primary(text.handOut)}<span slot="sub">${secondary(text.handOut)}</span></big-button>`;
    switch (key.category) {
      case 'member_locker':
        // A swipe hands the tag out at once: the gym desk's whole gesture.
        return html`<card-swipe @card-swiped=${(e: CustomEvent<CardSwipe>) => this._handOut(key, e.detail.card)}></card-swipe>`;
      case 'owner_key':
        return html`${this._field('name', text.name)}
          <label class="check"><input type="checkbox" name="identityChecked" .checked=${this._idChecked} @change=${(e: Event) => (this._idChecked = (e.target as HTMLInputElement).checked)} />${primary(text.idChecked)}</label>
          ${this._field('signature', text.signature)}${submit}`;
      case 'equipment_room':
        return html`${this._field('name', text.name)}${this._field('contact', text.contact)}${this._field('staff', text.staffNo)}${this._field('reason', text.reason)}
          ${this._field('approver', text.approver)}${this._field('approverPin', text.approverPin, 'password')}${submit}`;
      case 'public_area':
        return html`${this._field('name', text.name)}${this._field('contact', text.contact)}${this._field('staff', text.staffNo)}${this._field('reason', text.reason)}${submit}`;
    }
  }

  private _body(key: KeyView, card?: string): object {
    const f = this._form;
    if (card) return { card };
    const holder = { name: f.name, contact: f.contact, staff: f.staff };
    switch (key.category) {
      case 'owner_key':
        return { holder: { name: f.name, identityChecked: this._idChecked, signature: f.signature } };
      case 'equipment_room':
        return { holder, reason: f.reason, approver: { staff: f.approver, pin: f.approverPin } };
      default:
        return { holder, reason: f.reason };
    }
  }

  private async _handOut(key: KeyView, card?: string): Promise<void> {
    if (this._busy) return;
    this._busy = true;
    this._notice = null;
    try {
      await handOutKey(key.id, this._body(key, card));
      this._error = null;
      this._form = {};
      this._notice = { text: { zh: `${key.label} ${text.handedOut.zh}`, en: `${key.id}: ${text.handedOut.en}` }, warn: false };
      await this._load();
    } catch (error) {
      this._error = error;
    } finally {
      this._busy = false;
      this.renderRoot.querySelector<CardSwipeElement>('card-swipe')?.clear();
    }
  }

  private async _return(key: KeyView, card?: string): Promise<void> {
    if (this._busy) return;
    this._busy = true;
    try {
      const result = await returnKey(key.id, card);
      this._error = null;
      this._notice = result.wrongCard
        ? { text: { zh: `${key.label} ${text.returned.zh}。${text.wrongCard.zh}`, en: `${key.id}: ${text.returned.en}. ${text.wrongCard.en}` }, warn: true }
        : { text: { zh: `${key.label} ${text.returned.zh}`, en: `${key.id}: ${text.returned.en}` }, warn: false };
      await this._load();
    } catch (error) {
      this._error = error;
    } finally {
      this._busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'keys-screen': KeysScreen;
  }
}
