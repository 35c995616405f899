import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { liveEvents } from '../api/live-events.js';
import { getCard, paperwork, replaceCard, suspendCard, transferCard, type CardView, type PaperworkLine } from '../api/members.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { SubscriptionController, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/big-button.js';
import '../components/card-swipe.js';
import '../components/signature-pad.js';
import type { CardSwipe } from '../components/card-swipe.js';
import type { SignaturePad } from '../components/signature-pad.js';
import '../components/error-text.js';

const text = {
  title: { zh: '会员卡业务', en: 'Member cards' },
  swipe: { zh: '请刷会员卡或输入卡号', en: 'Swipe or type the member card' },
  none: { zh: '刷卡后显示会员卡信息', en: 'Swipe a card to see it here' },
  holder: { zh: '持卡人', en: 'Holder' },
  validUntil: { zh: '有效期至', en: 'Valid until' },
  remaining: { zh: '剩余', en: 'Left' },
  days: { zh: '天', en: 'days' },
  valid: { zh: '正常使用', en: 'In normal use' },
  suspensions: { zh: '停卡记录', en: 'Suspensions' },
  year: { zh: '本会员年可停', en: 'Left this membership year' },
  months: { zh: '个月', en: 'months' },
  parts: { zh: '次', en: 'parts' },
  transferred: { zh: '已转让过（不能再转）', en: 'Transferred once (no more)' },
  suspend: { zh: '停卡', en: 'Suspend' },
  transfer: { zh: '转卡', en: 'Transfer' },
  replace: { zh: '补卡', en: 'Replace' },
  from: { zh: '停卡开始日期', en: 'First day' },
  howLong: { zh: '停卡时长（整月）', en: 'Length (whole months)' },
  signHere: { zh: '会员本人签名（工作人员不得代签）', en: 'The member signs (staff may not sign for them)' },
  doSuspend: { zh: '确认停卡', en: 'Suspend the card' },
  remainingFirst: { zh: '转卡前请先核对剩余时间', en: 'Check the time left before transferring' },
  newHolder: { zh: '新持卡人姓名', en: 'New holder’s name' },
  newContact: { zh: '新持卡人电话', en: 'New holder’s phone' },
  consultant: { zh: '当班会籍顾问', en: 'Consultant on duty' },
  noConsultant: { zh: '现在没有当班的会籍顾问', en: 'No consultant on duty now' },
  doTransfer: { zh: '确认转卡（书面资料存档）', en: 'Transfer (paper record kept)' },
  newCard: { zh: '新卡号（刷新卡）', en: 'New card (swipe it)' },
  fee: { zh: '补卡费', en: 'Fee' },
  doReplace: { zh: '收费并补卡', en: 'Charge and replace' },
  paperwork: { zh: '今日单据（营业结束前交部门经理）', en: 'Today’s paperwork (to the manager before closing)' },
  noPaperwork: { zh: '今天还没有停卡、转卡、补卡', en: 'No card operations today' },
  suspended: { zh: '已停卡', en: 'Suspended' },
  transferDone: { zh: '已转卡', en: 'Transferred' },
  replaced: { zh: '已补卡，旧卡作废', en: 'Replaced; the old card is void' },
  receipt: { zh: '收据', en: 'Receipt' },
  notPrinted: { zh: '收据未打印，请手写收据', en: 'Receipt not printed; write one by hand' },
};

type Operation = 'suspend' | 'transfer' | 'replace';
const kindNames: Record<PaperworkLine['kind'], { zh: string; en: string }> = { suspend: text.suspend, transfer: text.transfer, replace: text.replace };

/** Tomorrow's local date, the usual first day of a suspension. */
function tomorrow(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** `/members` (staff): swipe a card, see its state and time left, then suspend, transfer or replace it. */
@customElement('members-screen')
export class MembersScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _card: CardView | null = null;
  @state() private _op: Operation = 'suspend';
  @state() private _from = tomorrow();
  @state() private _months = 1;
  @state() private _signed = false;
  @state() private _form: Record<string, string> = {};
  @state() private _paperwork: PaperworkLine[] = [];
  /** The thrown error: <error-text> phrases it when drawn, so it follows the language toggle. */
  @state() private _error: unknown = null;
  @state() private _notice: { zh: string; en: string } | null = null;
  @state() private _busy = false;

  static override styles = [
    tokens,
    css`
      :host { display: grid; grid-template-columns: minmax(0, 1fr) 600px; gap: 16px; padding: 12px 20px; }
      h2 { margin: 0; font-size: 28px; grid-column: 1 / -1; }
      .panel { background: var(--fd-surface); border-radius: 16px; padding: 14px 16px; box-shadow: 0 2px 8px rgb(0 0 0 / 0.08); display: flex; flex-direction: column; gap: 10px; align-self: start; }
      .facts { font-size: 19px; line-height: 1.55; }
      .big { font-size: 34px; font-weight: 800; }
      .state { display: inline-block; padding: 2px 12px; border-radius: 999px; font-weight: 700; background: #dcfce7; color: #14532d; }
      .state.bad { background: #fee2e2; color: #7f1d1d; }
      .tabs { display: flex; gap: 8px; }
      label { display: block; font-size: 17px; }
      input { width: 100%; min-height: 52px; font: inherit; font-size: 22px; padding: 6px 12px; border-radius: 10px; border: 2px solid #d1d5db; margin-top: 4px; }
      .row { display: flex; gap: 8px; align-items: end; flex-wrap: wrap; }
      .row > label { flex: 1; }
      .remaining { background: #eff6ff; border-left: 8px solid var(--fd-primary); border-radius: 10px; padding: 8px 14px; }
      .notice { padding: 10px 14px; border-radius: 12px; background: #dcfce7; color: #14532d; font-size: 19px; font-weight: 700; }
      ul { margin: 0; padding-left: 0; list-style: none; font-size: 16px; }
      li { padding: 6px 0; border-bottom: 1px solid #e5e7eb; }
      li b { display: inline-block; min-width: 3.5em; }
      .empty { color: var(--fd-muted); font-size: 18px; }
      select { min-height: 52px; font: inherit; font-size: 20px; border-radius: 10px; padding: 4px 10px; width: 100%; margin-top: 4px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    new SubscriptionController(this, () => {
      void this._loadPaperwork();
      return liveEvents.subscribe('card.*', () => void this._loadPaperwork());
    });
  }

  private async _loadPaperwork(): Promise<void> {
    try {
      this._paperwork = (await paperwork()).items;
    } catch (error) {
      this._error = error;
    }
  }

  private async _open(number: string): Promise<void> {
    this._notice = null;
    try {
      this._card = (await getCard(number)).card;
      this._error = null;
      this._form = {};
    } catch (error) {
      this._card = null;
      this._error = error;
    }
  }

  override render() {
    return html`<h2>${primary(text.title)} <small class="muted">${secondary(text.title)}</small></h2>
      <section class="panel">
        <card-swipe .label=${text.swipe} @card-swiped=${(e: CustomEvent<CardSwipe>) => this._swiped(e.detail.card)}></card-swipe>
        ${this._cardFacts()}
        <h3>${primary(text.paperwork)} <small class="muted">${secondary(text.paperwork)}</small></h3>
        ${this._paperwork.length === 0
          ? html`<div class="empty">${primary(text.noPaperwork)}</div>`
          : html`<ul data-paperwork>
              ${this._paperwork.map((p) => html`<li data-kind=${p.kind}><b>${primary(kindNames[p.kind])}</b> ${p.at.slice(11, 16)} · …${p.card.slice(-4)} ${p.holder} · ${p.summary.split(' · ')[locale.get() === 'en' ? 1 : 0]}</li>`)}
            </ul>`}
      </section>
      <aside class="panel">
        <div class="tabs">
          ${(['suspend', 'transfer', 'replace'] as Operation[]).map(
            (op) => html`<big-button data-op=${op} variant=${op === this._op ? 'primary' : 'neutral'} @click=${() => ((this._op = op), (this._notice = null))}>${primary(text[op])}<span slot="sub">${secondary(text[op])}</span></big-button>`,
          )}
        </div>
        ${this._operation()}
        ${this._notice ? html`<div class="notice" role="status" data-notice>${primary(this._notice)}<br /><small>${secondary(this._notice)}</small></div>` : nothing}
        ${this._error ? html`<div class="error" role="alert"><error-text .error=${this._error}></error-text></div>` : nothing}
      </aside>`;
  }

  /** A swipe on the replace tab with a card open is the new card; otherwise it opens that card. */
  private _swiped(card: string): void {
    if (this._op === 'replace' && this._card && card !== this._card.card) this._form = { ...this._form, newCard: card };
    else void this._open(card);
  }

  private _cardFacts() {
    const c = this._card;
    if (!c) return html`<div class="empty">${primary(text.none)}<br /><small>${secondary(text.none)}</small></div>`;
    const y = c.suspendYear;
    return html`<div class="facts" data-card=${c.card}>
      <div class="big">${c.holder} <small class="muted">…${c.card.slice(-4)}</small></div>
      <span class="state ${c.valid ? '' : 'bad'}" data-valid=${String(c.valid)}>${c.valid ? primary(text.valid) : (c.message ?? c.reason)}</span><br />
      ${primary(text.validUntil)}：${c.validUntil ?? '—'} · ${primary(text.remaining)} <b data-remaining>${c.remainingDays ?? '∞'}</b> ${primary(text.days)}<br />
      ${primary(text.year)}（${y.start} – ${y.end}）：${y.monthsLeft} ${primary(text.months)} / ${y.partsLeft} ${primary(text.parts)}<br />
      ${c.suspensions.length ? html`${primary(text.suspensions)}：${c.suspensions.map((s) => `${s.from} – ${s.to}`).join('；')}<br />` : nothing}
      ${c.transferred ? html`<span class="state bad">${primary(text.transferred)}</span>` : nothing}
    </div>`;
  }

  private _input(name: string, label: { zh: string; en: string }, type = 'text') {
    return html`<label>${primary(label)} <small class="muted">${secondary(label)}</small>
      <input type=${type} name=${name} maxlength="80" autocomplete="off" .value=${this._form[name] ?? ''} @input=${(e: Event) => (this._form = { ...this._form, [name]: (e.target as HTMLInputElement).value })} />
    </label>`;
  }

  private _operation() {
    const c = this._card;
    const disabled = !c || this._busy;
    switch (this._op) {
      case 'suspend':
        return html`<div class="row">
            <label>${primary(text.from)} <small class="muted">${secondary(text.from)}</small>
              <input type="date" name="from" .value=${this._from} @input=${(e: Event) => (this._from = (e.target as HTMLInputElement).value)} />
            </label>
            <div>
              <div>${primary(text.howLong)}</div>
              ${[1, 2, 3].map((m) => html`<big-button data-months=${m} variant=${m === this._months ? 'primary' : 'neutral'} @click=${() => (this._months = m)}>${m}</big-button> `)}
            </div>
          </div>
          <signature-pad .label=${text.signHere} @signature-changed=${(e: CustomEvent<{ empty: boolean }>) => (this._signed = !e.detail.empty)}></signature-pad>
          <big-button size="large" data-action="suspend" ?disabled=${disabled || !this._signed} @click=${() => this._suspend()}>${primary(text.doSuspend)}<span slot="sub">${secondary(text.doSuspend)}</span></big-button>`;
      case 'transfer':
        return html`${c
            ? html`<div class="remaining facts" data-remaining-first>${primary(text.remainingFirst)}<br /><span class="big">${c.remainingDays ?? '∞'} ${primary(text.days)}</span> · ${primary(text.validUntil)} ${c.validUntil ?? '—'}</div>`
            : nothing}
          ${this._input('toName', text.newHolder)}${this._input('toContact', text.newContact, 'tel')}
          <label>${primary(text.consultant)} <small class="muted">${secondary(text.consultant)}</small>
            ${c && c.consultantsOnDuty.length
              ? html`<select name="consultant" @change=${(e: Event) => (this._form = { ...this._form, consultant: (e.target as HTMLSelectElement).value })}>
                  ${c.consultantsOnDuty.map((x) => html`<option value=${x.number}>${x.name}（${x.number}）</option>`)}
                </select>`
              : html`<div class="empty">${primary(text.noConsultant)}</div>`}
          </label>
          <big-button size="large" data-action="transfer" ?disabled=${disabled || !c?.consultantsOnDuty.length || !this._form.toName?.trim()} @click=${() => this._transfer()}>${primary(text.doTransfer)}<span slot="sub">${secondary(text.doTransfer)}</span></big-button>`;
      case 'replace':
        return html`${this._input('newCard', text.newCard)}
          <div class="facts">${primary(text.fee)}：<b class="big">${c?.replaceFee ?? '—'}</b></div>
          <big-button size="large" data-action="replace" ?disabled=${disabled || !this._form.newCard?.trim()} @click=${() => this._replace()}>${primary(text.doReplace)}<span slot="sub">${secondary(text.doReplace)}</span></big-button>`;
    }
  }

  /** Runs one operation: busy while it runs, the error shown if refused, the card and paperwork reloaded after. */
  private async _run(action: () => Promise<{ zh: string; en: string }>, reopen: () => string): Promise<void> {
    if (this._busy) return;
    this._busy = true;
    this._notice = null;
    try {
      const notice = await action();
      this._error = null;
      await this._open(reopen());
      this._notice = notice;
      await this._loadPaperwork();
    } catch (error) {
      this._error = error;
    } finally {
      this._busy = false;
    }
  }

  private _suspend(): Promise<void> {
    const card = this._card!.card;
    const pad = this.renderRoot.querySelector<SignaturePad>('signature-pad');
    return this._run(async () => {
      const r = await suspendCard(card, { from: this._from, months: this._months, signature: pad?.dataUrl() ?? undefined });
      pad?.clear();
      return { zh: `${text.suspended.zh} ${r.suspension.from} – ${r.suspension.to}`, en: `${text.suspended.en} ${r.suspension.from} – ${r.suspension.to}` };
    }, () => card);
  }

  private _transfer(): Promise<void> {
    const card = this._card!.card;
    const consultant = this._form.consultant ?? this._card!.consultantsOnDuty[0]?.number;
    return this._run(async () => {
      const r = await transferCard(card, { to: { name: this._form.toName.trim(), ...(this._form.toContact?.trim() ? { contact: this._form.toContact.trim() } : {}) }, consultant });
      return { zh: `${text.transferDone.zh}：${r.transfer.to}，会籍顾问 ${r.transfer.consultant.name}`, en: `${text.transferDone.en} to ${r.transfer.to}, consultant ${r.transfer.consultant.name}` };
    }, () => card);
  }

  private _replace(): Promise<void> {
    const card = this._card!.card;
    const newCard = this._form.newCard.trim().toUpperCase();
    return this._run(async () => {
      const r = await replaceCard(card, newCard);
      const printed = r.receipt.printed ? '' : ` ${text.notPrinted.zh}`;
      return {
        zh: `${text.replaced.zh}，${text.fee.zh} ${r.replacement.fee}，${text.receipt.zh} ${r.receipt.number}${printed}`,
        en: `${text.replaced.en}; ${text.fee.en} ${r.replacement.fee}, ${text.receipt.en} ${r.receipt.number}${r.receipt.printed ? '' : ` ${text.notPrinted.en}`}`,
      };
    }, () => newCard);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'members-screen': MembersScreen;
  }
}
