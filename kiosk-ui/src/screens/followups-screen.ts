import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cachedPublicConfig, getPublicConfig } from '../api/config.js';
import { reloadOn } from '../api/live-events.js';
import { closeFollowUp, listFollowUps, outcomeNames, scoreNames, type FollowUpOutcome, type FollowUpView } from '../api/ratings.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { watch } from '../lib/subscription-controller.js';
import { siteDateTime } from '../lib/site-time.js';
import { tokens } from '../styles/shared.js';
import '../components/big-button.js';
import '../components/error-text.js';

type Tab = 'open' | 'overdue' | 'escalated' | 'closed';
const tabs: Record<Tab, { zh: string; en: string }> = {
  open: { zh: '待回访', en: 'Open' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  escalated: { zh: '已转经理', en: 'Escalated' },
  closed: { zh: '已完成', en: 'Closed' },
};
const text = {
  title: { zh: '回访工作单', en: 'Follow-up calls' },
  hint: { zh: '三天内回访；避开客户休息时间。', en: 'Call back within three days; never during rest hours.' },
  due: { zh: '截止', en: 'Due' },
  empty: { zh: '没有需要回访的客户', en: 'Nothing to follow up' },
  note: { zh: '回访记录（可选）', en: 'Call notes (optional)' },
  overdue: { zh: '逾期', en: 'overdue' },
  escalated: { zh: '已转经理', en: 'with the manager' },
  counter: { zh: '窗口', en: 'counter' },
  staff: { zh: '工号', en: 'staff' },
  confirmUnreachable: { zh: '确认记录为“联系不上”？将排定下次回访，多次联系不上转经理。', en: 'Record "unreachable"? The next attempt is scheduled; after the last one it goes to a manager.' },
  nextAttempt: { zh: '下次回访', en: 'Call again' },
  attempts: { zh: '次联系不上', en: 'unreachable ×' },
  confirm: { zh: '确认', en: 'Confirm' },
  back: { zh: '返回', en: 'Back' },
};

/** `/followups` (staff): the callback work list (回访), record the outcome and close. */
@customElement('followups-screen')
export class FollowupsScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _tab: Tab = 'open';
  @state() private _items: FollowUpView[] = [];
  @state() private _openId: string | null = null;
  @state() private _note = '';
  @state() private _error: unknown = null;
  /** "Unreachable" ends the attempt: asked again before it is recorded. */
  @state() private _confirming: string | null = null;
  private _timezone = cachedPublicConfig()?.site.timezone;

  static override styles = [
    tokens,
    css`
      :host { display: block; padding: 16px 24px; }
      h2 { margin: 0; font-size: 30px; }
      .hint { color: var(--fd-muted); font-size: 18px; margin: 4px 0 14px; }
      .tabs { display: flex; gap: 12px; margin-bottom: 16px; flex-wrap: wrap; }
      .card { background: var(--fd-surface); border-radius: 16px; padding: 14px 20px; margin-bottom: 12px; box-shadow: 0 2px 8px rgb(0 0 0 / 0.08); }
      .card.overdue { border-left: 8px solid var(--fd-danger); }
      .card.escalated { border-left: 8px solid var(--fd-warn); }
      .line { display: flex; gap: 18px; align-items: baseline; flex-wrap: wrap; font-size: 20px; }
      .num { font-size: 34px; font-weight: 800; min-width: 110px; }
      .score-unsatisfied { color: var(--fd-danger); font-weight: 700; } .score-average { color: var(--fd-warn); font-weight: 700; }
      .phone { font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; color: var(--fd-primary); }
      .confirm { display: flex; gap: 12px; align-items: center; margin-top: 10px; padding: 10px 14px; border-radius: 12px; background: #fef3c7; color: #78350f; font-size: 20px; }
      .tag { padding: 2px 10px; border-radius: 999px; font-size: 16px; background: #fee2e2; color: #7f1d1d; }
      .tag.esc { background: #fef3c7; color: #78350f; }
      .outcomes { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin-top: 10px; }
      .outcomes big-button { min-height: 64px; }
      textarea { width: 100%; min-height: 64px; font: inherit; font-size: 20px; padding: 8px; border-radius: 10px; border: 2px solid #d1d5db; margin-top: 10px; }
      .empty { font-size: 24px; color: var(--fd-muted); padding: 24px 0; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    reloadOn(this, ['followup.*'], () => this._load());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    getPublicConfig().then(
      (config) => {
        this._timezone = config.site.timezone;
        this.requestUpdate();
      },
      () => undefined,
    );
  }

  private async _load(): Promise<void> {
    try {
      this._items = await listFollowUps(this._tab);
      this._error = null;
    } catch (error) {
      this._error = error;
    }
  }

  private _select(tab: Tab): void {
    this._tab = tab;
    this._openId = null;
    void this._load();
  }

  private async _close(item: FollowUpView, outcome: FollowUpOutcome): Promise<void> {
    try {
      await closeFollowUp(item.id, outcome, this._note);
      this._openId = null;
      this._note = '';
      await this._load();
    } catch (error) {
      this._error = error;
    }
  }

  override render() {
    return html`<h2>${primary(text.title)} <small class="muted">${secondary(text.title)}</small></h2>
      <div class="hint">${primary(text.hint)}</div>
      <div class="tabs">
        ${(Object.keys(tabs) as Tab[]).map(
          (tab) => html`<big-button variant=${tab === this._tab ? 'primary' : 'neutral'} data-tab=${tab} @click=${() => this._select(tab)}>${primary(tabs[tab])}</big-button>`,
        )}
      </div>
      ${this._error ? html`<div class="error" role="alert"><error-text .error=${this._error}></error-text></div>` : nothing}
      ${this._items.length === 0 ? html`<div class="empty">${primary(text.empty)}</div>` : this._items.map((item) => this._card(item))}`;
  }

  private _card(item: FollowUpView) {
    const canClose = item.state !== 'closed';
    const open = this._openId === item.id;
    return html`<div class="card ${item.overdue ? 'overdue' : ''} ${item.state === 'escalated' ? 'escalated' : ''}" data-id=${item.id}>
      <div class="line">
        <span class="num">${item.ticket.number ?? '—'}</span>
        <span class="score-${item.score}">${primary(scoreNames[item.score])}</span>
        ${item.contact.phone
          ? html`<a class="phone" href="tel:${item.contact.phone.replace(/[^0-9+]/g, '')}">${item.contact.phone}</a>`
          : html`<span class="phone">${item.contact.memberCard ?? ''}</span>`}
        ${item.nextAttemptAt && item.state === 'open'
          ? html`<span data-next-attempt>${primary(text.nextAttempt)} ${siteDateTime(item.nextAttemptAt, this._timezone)}</span>
              <span class="tag esc">${locale.get() === 'en' ? `${text.attempts.en}${item.attempts}` : `${item.attempts} ${text.attempts.zh}`}</span>`
          : html`<span>${primary(text.due)} ${item.dueAt ? siteDateTime(item.dueAt, this._timezone) : '—'}</span>`}
        <span class="muted">${primary(text.counter)} ${item.counter} · ${primary(text.staff)} ${item.staff ?? '—'}</span>
        ${item.overdue ? html`<span class="tag">${primary(text.overdue)}</span>` : nothing}
        ${item.state === 'escalated' ? html`<span class="tag esc">${primary(text.escalated)}</span>` : nothing}
        ${item.outcome && !(item.nextAttemptAt && item.state === 'open') ? html`<span>${primary(outcomeNames[item.outcome])}</span>` : nothing}
        ${canClose && !open ? html`<big-button variant="neutral" @click=${() => ((this._openId = item.id), (this._note = ''))}>${primary({ zh: '记录结果', en: 'Record outcome' })}</big-button>` : nothing}
      </div>
      ${item.note ? html`<div class="muted">${item.note}</div>` : nothing}
      ${open
        ? html`<textarea maxlength="500" placeholder=${primary(text.note)} .value=${this._note} @input=${(e: Event) => (this._note = (e.target as HTMLTextAreaElement).value)}></textarea>
            <div class="outcomes">
              ${(Object.keys(outcomeNames) as FollowUpOutcome[]).map(
                (o) => html`<big-button variant=${o === 'still_unhappy' ? 'warn' : 'ok'} data-outcome=${o} @click=${() => (o === 'unreachable' ? (this._confirming = item.id) : this._close(item, o))}>${primary(outcomeNames[o])}<span slot="sub">${secondary(outcomeNames[o])}</span></big-button>`,
              )}
            </div>
            ${this._confirming === item.id
              ? html`<div class="confirm" role="alertdialog" aria-label=${primary(text.confirmUnreachable)} data-confirm-unreachable>
                  <span>${primary(text.confirmUnreachable)}</span>
                  <big-button variant="warn" data-confirm="yes" @click=${() => ((this._confirming = null), this._close(item, 'unreachable'))}>${primary(text.confirm)}</big-button>
                  <big-button variant="neutral" @click=${() => (this._confirming = null)}>${primary(text.back)}</big-button>
                </div>`
              : nothing}`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'followups-screen': FollowupsScreen;
  }
}
