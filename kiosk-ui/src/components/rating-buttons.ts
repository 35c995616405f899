import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { readableError, type ReadableError } from '../api/error-message.js';
import { liveEvents } from '../api/live-events.js';
import { latestRating, rate, scoreList, scoreNames, type RatingView, type Score } from '../api/ratings.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { SubscriptionController, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import './big-button.js';

const faces: Record<Score, string> = { satisfied: '😊', average: '😐', unsatisfied: '☹️' };
const variants: Record<Score, 'ok' | 'warn' | 'danger'> = { satisfied: 'ok', average: 'warn', unsatisfied: 'danger' };
const text = {
  invite: { zh: '请您对我的服务进行评价', en: 'Please rate our service' },
  thanks: { zh: '谢谢您的评价！', en: 'Thank you for your rating!' },
  repeat: { zh: '已收到您的评价，谢谢', en: 'Your rating was already received, thank you' },
  last: { zh: '最近评价', en: 'Last rating' },
  none: { zh: '今天还没有评价', en: 'No rating yet' },
  anonymous: { zh: '未关联号码', en: 'no ticket' },
};

/**
 * The satisfaction question for a counter. `mode="buttons"` (a tablet facing the customer, or
 * `/rate/:counter`): three ≥ 48 px buttons 满意 / 一般 / 不满意, lit up after a ticket is finished
 * there. `mode="last"` (the clerk's counter screen): the last rating, kept live.
 */
@customElement('rating-buttons')
export class RatingButtons extends LitElement {
  @property() counter = '';
  @property() mode: 'buttons' | 'last' = 'buttons';
  /** From the `/rate/:counter` route. */
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _invited = false;
  @state() private _said: 'thanks' | 'repeat' | null = null;
  @state() private _last: RatingView | null = null;
  @state() private _error: ReadableError | null = null;
  private _resetTimer: ReturnType<typeof setTimeout> | null = null;

  static override styles = [
    tokens,
    css`
      :host { display: block; }
      .ask { text-align: center; padding: 16px; }
      .ask h2 { margin: 0 0 4px; font-size: 34px; }
      .ask .en { font-size: 20px; color: var(--fd-muted); margin-bottom: 20px; }
      .ask.invited h2 { color: var(--fd-primary); }
      .row { display: grid; grid-template-columns: repeat(3, 1fr); gap: 18px; }
      .row big-button { min-height: 150px; }
      .face { font-size: 52px; line-height: 1; }
      .said { margin-top: 18px; font-size: 28px; font-weight: 700; color: var(--fd-ok); min-height: 40px; }
      .last { display: flex; align-items: center; gap: 12px; font-size: 22px; padding: 8px 14px; border-radius: 12px; background: var(--fd-surface); }
      .last .face { font-size: 34px; }
      .last .score-satisfied { color: var(--fd-ok); } .last .score-average { color: var(--fd-warn); } .last .score-unsatisfied { color: var(--fd-danger); }
      .last b { font-size: 26px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    new SubscriptionController(this, () => {
      void this._loadLast();
      const offFinished = liveEvents.subscribe('ticket.finished', (e) => {
        if ((e.payload as { counter?: string }).counter !== this._counter) return;
        this._invited = true;
        this._said = null;
      });
      const offRated = liveEvents.subscribe('rating.recorded', (e) => {
        if ((e.payload as { counter?: string }).counter === this._counter) void this._loadLast();
      });
      return () => {
        offFinished();
        offRated();
        if (this._resetTimer) clearTimeout(this._resetTimer);
      };
    });
  }

  private get _counter(): string {
    return this.counter || this.params.counter || '';
  }

  private async _loadLast(): Promise<void> {
    if (!this._counter || this.mode !== 'last') return;
    try {
      this._last = await latestRating(this._counter);
    } catch {
      /* the shell's overlay tells when the service is away */
    }
  }

  private async _press(score: Score): Promise<void> {
    try {
      const rating = await rate(this._counter, score);
      this._said = rating ? 'thanks' : 'repeat';
      this._invited = false;
      this._error = null;
    } catch (error) {
      this._error = readableError(error);
    }
    if (this._resetTimer) clearTimeout(this._resetTimer);
    this._resetTimer = setTimeout(() => (this._said = null), 4000);
  }

  override render() {
    return this.mode === 'last' ? this._renderLast() : this._renderButtons();
  }

  private _renderLast() {
    const r = this._last;
    if (!r) return html`<div class="last muted">${primary(text.last)}：${primary(text.none)}</div>`;
    const time = new Date(r.at).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false });
    return html`<div class="last" data-score=${r.score}>
      <span>${primary(text.last)}</span><span class="face">${faces[r.score]}</span>
      <b class="score-${r.score}">${primary(scoreNames[r.score])}</b>
      <span class="muted">${r.ticket?.number ?? primary(text.anonymous)} · ${time}</span>
    </div>`;
  }

  private _renderButtons() {
    return html`<div class="ask ${this._invited ? 'invited' : ''}">
      <h2>${primary(text.invite)}</h2>
      <div class="en">${secondary(text.invite)}</div>
      <div class="row">
        ${scoreList.map(
          (score) => html`<big-button size="huge" variant=${variants[score]} data-score=${score} @click=${() => this._press(score)}>
            <span class="face">${faces[score]}</span>${primary(scoreNames[score])}<span slot="sub">${secondary(scoreNames[score])}</span>
          </big-button>`,
        )}
      </div>
      <div class="said" role="status">
        ${this._error ? html`<span class="error">${this._error.text}</span>` : this._said ? primary(text[this._said]) : nothing}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rating-buttons': RatingButtons;
  }
}
