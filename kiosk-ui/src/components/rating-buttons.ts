import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cachedPublicConfig, counterName, getPublicConfig } from '../api/config.js';
import { request } from '../api/http.js';
import { liveEvents } from '../api/live-events.js';
import { latestRating, rate, scoreList, scoreNames, type RatingView, type Score } from '../api/ratings.js';
import type { PublicConfig } from '../api/types.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { siteClock } from '../lib/site-time.js';
import { SubscriptionController, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import { ratingFace } from './rating-face.js';
import './big-button.js';
import './error-text.js';

const variants: Record<Score, 'ok' | 'warn' | 'danger'> = { satisfied: 'ok', average: 'warn', unsatisfied: 'danger' };
const text = {
  invite: { zh: '请您对我的服务进行评价', en: 'Please rate our service' },
  welcome: { zh: '欢迎光临', en: 'Welcome' },
  thanks: { zh: '谢谢您的评价！', en: 'Thank you for your rating!' },
  repeat: { zh: '已收到您的评价，谢谢', en: 'Your rating was already received, thank you' },
  last: { zh: '最近评价', en: 'Last rating' },
  none: { zh: '今天还没有评价', en: 'No rating yet' },
  anonymous: { zh: '未关联号码', en: 'no ticket' },
};
/** How long after a ticket is finished the terminal invites a rating before going idle again. */
const INVITE_MS = 90_000;
/** How long the full-screen thank-you stays. */
const THANKS_MS = 4000;

interface Clerk {
  number: string;
  name: string;
}

/**
 * The satisfaction question for a counter. `mode="buttons"` (the tablet facing the customer, or
 * `/rate/:counter`): who served you and the ticket just finished, three full-height faces
 * 满意 / 一般 / 不满意 lit up after a ticket is finished there, a full-screen bilingual thank-you,
 * and an idle state (no invitation, no highlight) when nobody has just been served.
 * `mode="last"` (the clerk's counter screen): the last rating, kept live, in the site's time.
 */
@customElement('rating-buttons')
export class RatingButtons extends LitElement {
  @property() counter = '';
  @property() mode: 'buttons' | 'last' = 'buttons';
  /** From the `/rate/:counter` route. */
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _invited = false;
  @state() private _served: string | null = null;
  @state() private _clerk: Clerk | null = null;
  @state() private _said: 'thanks' | 'repeat' | null = null;
  @state() private _last: RatingView | null = null;
  @state() private _error: unknown = null;
  @state() private _config: PublicConfig | null = cachedPublicConfig();
  private _resetTimer: ReturnType<typeof setTimeout> | null = null;
  private _inviteTimer: ReturnType<typeof setTimeout> | null = null;

  static override styles = [
    tokens,
    css`
      :host { display: block; }
      :host([mode='buttons']), :host(:not([mode])) { height: 100vh; overflow: hidden; background: #0b2545; color: #fff; }
      .screen { height: 100vh; display: grid; grid-template-rows: auto auto minmax(0, 1fr); gap: 2.5vh; padding: 3vh 4vw; }
      .who { display: flex; justify-content: space-between; align-items: baseline; gap: 24px; font-size: clamp(18px, 3vh, 30px); white-space: nowrap; }
      .who b { font-size: 1.2em; }
      .who small { display: block; font-size: 0.65em; opacity: 0.9; }
      .ask { text-align: center; }
      .ask h2 { margin: 0; font-size: clamp(26px, 5.5vh, 56px); }
      .ask .en { font-size: clamp(16px, 3vh, 28px); opacity: 0.9; }
      .ask.idle h2 { font-weight: 600; }
      .row { display: grid; grid-template-columns: repeat(3, 1fr); grid-template-rows: minmax(0, 1fr); gap: 3vw; min-height: 0; }
      .row big-button { height: 100%; }
      .row big-button::part(button) { font-size: clamp(24px, 5vh, 48px); gap: 1.5vh; min-height: 0; }
      .idle-row big-button::part(button) { filter: saturate(0.35) brightness(0.85); box-shadow: none; }
      .face-svg { width: min(24vw, 44vh); height: min(24vw, 44vh); display: block; }
      .thanks { position: fixed; inset: 0; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 3vh; background: var(--fd-ok); color: #fff; text-align: center; z-index: 5; }
      .thanks .face-svg { width: 30vh; height: 30vh; }
      .thanks p { margin: 0; font-size: clamp(32px, 8vh, 80px); font-weight: 800; }
      .thanks small { font-size: clamp(18px, 4vh, 40px); font-weight: 500; }
      .error { position: fixed; left: 0; right: 0; bottom: 2vh; text-align: center; font-size: 24px; color: #fff; background: var(--fd-danger); padding: 12px; }
      .last { display: flex; align-items: center; gap: 12px; font-size: 22px; padding: 8px 14px; border-radius: 12px; background: var(--fd-surface); }
      .last .face-svg { width: 34px; height: 34px; }
      .last .score-satisfied { color: var(--fd-ok); } .last .score-average { color: var(--fd-warn); } .last .score-unsatisfied { color: var(--fd-danger); }
      .last b { font-size: 26px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    new SubscriptionController(this, () => {
      void this._loadLast();
      void this._loadClerk();
      const offFinished = liveEvents.subscribe('ticket.finished', (e) => {
        const payload = e.payload as { counter?: string; number?: string; staff?: string };
        if (payload.counter !== this._counter) return;
        this._served = payload.number ?? null;
        this._invite();
        void this._loadClerk();
      });
      const offCounter = liveEvents.subscribe('counter.*', () => void this._loadClerk());
      const offRated = liveEvents.subscribe('rating.recorded', (e) => {
        if ((e.payload as { counter?: string }).counter === this._counter) void this._loadLast();
      });
      return () => {
        offFinished();
        offCounter();
        offRated();
        if (this._resetTimer) clearTimeout(this._resetTimer);
        if (this._inviteTimer) clearTimeout(this._inviteTimer);
      };
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    getPublicConfig().then(
      (config) => (this._config = config),
      () => undefined,
    );
  }

  private get _counter(): string {
    return this.counter || this.params.counter || '';
  }

  private _invite(): void {
    this._invited = true;
    this._said = null;
    if (this._inviteTimer) clearTimeout(this._inviteTimer);
    this._inviteTimer = setTimeout(() => {
      this._invited = false;
      this._served = null;
    }, INVITE_MS);
  }

  private async _loadLast(): Promise<void> {
    if (!this._counter || this.mode !== 'last') return;
    try {
      this._last = await latestRating(this._counter);
    } catch {
      /* the shell's overlay tells when the service is away */
    }
  }

  private async _loadClerk(): Promise<void> {
    if (!this._counter || this.mode !== 'buttons') return;
    try {
      const answer = await request<{ staff: Clerk | null }>('GET', `/api/counters/${encodeURIComponent(this._counter)}/clerk`);
      this._clerk = answer.staff;
    } catch {
      /* keep the last one */
    }
  }

  private async _press(score: Score): Promise<void> {
    try {
      const rating = await rate(this._counter, score);
      this._said = rating ? 'thanks' : 'repeat';
      this._invited = false;
      this._served = null;
      this._error = null;
    } catch (error) {
      this._error = error;
    }
    if (this._resetTimer) clearTimeout(this._resetTimer);
    this._resetTimer = setTimeout(() => {
      this._said = null;
      this._error = null;
    }, THANKS_MS);
  }

  override render() {
    return this.mode === 'last' ? this._renderLast() : this._renderButtons();
  }

  private _renderLast() {
    const r = this._last;
    if (!r) return html`<div class="last muted">${primary(text.last)}：${primary(text.none)}</div>`;
    return html`<div class="last" data-score=${r.score}>
      <span>${primary(text.last)}</span><span class="score-${r.score}">${ratingFace(r.score)}</span>
      <b class="score-${r.score}">${primary(scoreNames[r.score])}</b>
      <span class="muted">${r.ticket?.number ?? primary(text.anonymous)} · ${siteClock(r.at, this._config?.site.timezone)}</span>
    </div>`;
  }

  private _renderButtons() {
    const counter = counterName(this._config, this._counter);
    const ask = this._invited ? text.invite : text.welcome;
    return html`<div class="screen">
        <div class="who" data-clerk>
          <span><b>${counter.zh}</b><small>${counter.en}</small></span>
          ${this._clerk
            ? html`<span>工号 <b>${this._clerk.number}</b> ${this._clerk.name} 为您服务<small>Served by No. ${this._clerk.number} ${this._clerk.name}</small></span>`
            : nothing}
          ${this._served ? html`<span data-served>您的号码 <b>${this._served}</b><small>Your ticket ${this._served}</small></span>` : nothing}
        </div>
        <div class="ask ${this._invited ? 'invited' : 'idle'}">
          <h2>${primary(ask)}</h2>
          <div class="en">${secondary(ask)}</div>
        </div>
        <div class="row ${this._invited ? '' : 'idle-row'}">
          ${scoreList.map(
            (score) => html`<big-button variant=${variants[score]} data-score=${score} @click=${() => this._press(score)}>
              ${ratingFace(score)}${primary(scoreNames[score])}<span slot="sub">${secondary(scoreNames[score])}</span>
            </big-button>`,
          )}
        </div>
      </div>
      ${this._said
        ? html`<div class="thanks said" role="status">
            ${ratingFace('satisfied')}
            <p>${text[this._said].zh}</p>
            <small>${text[this._said].en}</small>
          </div>`
        : nothing}
      ${this._error ? html`<p class="error" role="alert"><error-text .error=${this._error}></error-text></p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rating-buttons': RatingButtons;
  }
}
