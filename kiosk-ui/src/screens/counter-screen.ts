import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cachedPublicConfig, counterName, getPublicConfig, serviceById } from '../api/config.js';
import { ApiError } from '../api/http.js';
import { currentSession } from '../api/session.js';
import { counterAction, followQueue, type QueueFollower } from '../api/queue.js';
import type { CounterAction, CounterTicket, PublicConfig, QueueCounter, QueueSnapshot } from '../api/types.js';
import { formatWait, locale, primary, secondary, t, type StringKey } from '../i18n/index.js';
import { SubscriptionController, every, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/big-button.js';
import '../components/device-banner.js';
import '../components/error-text.js';
import '../components/rating-buttons.js';
import { sessionExpiredNotice } from '../components/staff-login.js';

/** Past this wait the screen reminds the clerk to apologise (对不起，让您久等了). */
const APOLOGY_AFTER_SEC = 10 * 60;
const COUNTER_KEY = 'frontdesk.counter';
/** Names of the usual pause reasons; a configured reason not listed here shows as its id. */
const pauseReasonNames: Record<string, { zh: string; en: string }> = {
  lunch: { zh: '午餐', en: 'Lunch' },
  training: { zh: '培训', en: 'Training' },
  meeting: { zh: '会议', en: 'Meeting' },
  other: { zh: '其他', en: 'Other' },
};

const actionLabels: Record<CounterAction, StringKey> = {
  next: 'actNext',
  recall: 'actRecall',
  skip: 'actSkip',
  finish: 'actFinish',
  transfer: 'actTransfer',
  pause: 'actPause',
  resume: 'actResume',
};

/**
 * `/counter` (staff): pick the counter once, then serve: the current customer with how long they
 * waited, the next two (接一、顾二、看三), and next / recall / skip / finish / transfer / pause.
 */
@customElement('counter-screen')
export class CounterScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _config: PublicConfig | null = cachedPublicConfig();
  @state() private _counterId: string | null = readCounter();
  @state() private _queue: QueueSnapshot | null = null;
  /** The last ticket an action answered with (has issue/call times the queue view may lack). */
  @state() private _lastTicket: CounterTicket | null = null;
  @state() private _busy = false;
  /** The last action that went through, shown (in the current language) under the buttons. */
  @state() private _done: { action: CounterAction; number: string | null } | null = null;
  @state() private _error: unknown = null;
  /** The action tapped when the service said the login had expired: carried out after re-login. */
  private _pending: { action: CounterAction; service?: string } | null = null;
  @state() private _picking = false;
  @state() private _transferring = false;
  @state() private _pausing = false;
  @state() private _now = Date.now();
  private _follower: QueueFollower | null = null;

  static override styles = [
    tokens,
    css`
      :host { display: block; padding: 0 0 24px; }
      .pick { padding: 32px; display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 20px; }
      .pick h2 { grid-column: 1 / -1; margin: 0; font-size: 30px; }
      .pick big-button { height: 120px; }
      .top { display: flex; align-items: center; gap: 20px; padding: 16px 24px 0; flex-wrap: wrap; }
      .top h2 { margin: 0; font-size: 32px; }
      .state { font-size: 20px; padding: 4px 14px; border-radius: 999px; background: #dcfce7; color: #14532d; }
      .state.paused { background: #fef3c7; color: #78350f; }
      .totals { flex: 1; text-align: right; font-size: 20px; color: var(--fd-muted); }
      .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; padding: 16px 24px; }
      .card { background: var(--fd-surface); border-radius: 18px; padding: 18px 24px; box-shadow: 0 2px 10px rgb(0 0 0 / 0.08); }
      .card h3 { margin: 0 0 8px; font-size: 20px; color: var(--fd-muted); font-weight: 600; }
      .current .number { font-size: 110px; line-height: 1.05; font-weight: 800; color: var(--fd-primary); font-variant-numeric: tabular-nums; }
      .current .service { font-size: 24px; }
      .current .waited { font-size: 24px; margin-top: 6px; }
      .apology { margin-top: 10px; padding: 10px 14px; border-radius: 12px; background: #fee2e2; color: #7f1d1d; font-size: 22px; font-weight: 700; }
      .empty { font-size: 24px; color: var(--fd-muted); padding: 24px 0; }
      .next ol { margin: 0; padding: 0; list-style: none; }
      .next li { display: flex; gap: 16px; align-items: baseline; font-size: 24px; padding: 10px 0; border-bottom: 1px solid #e5e7eb; }
      .next li:last-child { border-bottom: 0; }
      .next .num { font-size: 44px; font-weight: 800; min-width: 140px; font-variant-numeric: tabular-nums; }
      .actions { display: grid; grid-template-columns: repeat(4, 1fr); gap: 14px; padding: 0 24px; }
      .actions big-button { height: 88px; }
      .actions .wide { grid-column: span 2; }
      .status { padding: 12px 24px 0; font-size: 22px; min-height: 40px; }
      .status .ok { color: var(--fd-ok); font-weight: 700; }
      .dialog { position: fixed; inset: 0; background: rgb(0 0 0 / 0.45); display: flex; align-items: center; justify-content: center; z-index: 10; }
      .dialog .card { width: min(720px, 92vw); }
      .dialog h3 { font-size: 26px; color: var(--fd-text); }
      .choices { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; margin: 12px 0; }
      .choices big-button { height: 96px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    every(this, 15000, () => (this._now = Date.now()));
    new SubscriptionController(this, () => {
      // Read failures need no words here: the shell's overlay says when the service is away.
      const follower = followQueue((queue) => (this._queue = queue));
      this._follower = follower;
      return () => {
        follower();
        this._follower = null;
      };
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const pending = this._pending;
    if (pending && currentSession()) {
      this._pending = null;
      void this._run(pending.action, pending.service);
    }
    getPublicConfig().then(
      (config) => (this._config = config),
      () => undefined,
    );
  }

  override render() {
    if (!this._counterId || this._picking) return this._counterPicker();
    const counter = this._queue?.counters.find((c) => c.id === this._counterId) ?? null;
    const name = counterName(this._config, this._counterId);
    const paused = counter?.state === 'paused';
    const serving = counter?.serving ?? null;
    return html`<device-banner></device-banner>
      <div class="top">
        <h2>${primary(name)}</h2>
        <span class="state ${paused ? 'paused' : ''}" data-state=${counter?.state ?? ''}>${paused ? t('counterPaused') : secondary(name)}</span>
        <big-button variant="neutral" @click=${() => (this._picking = true)}>${t('changeCounter')}</big-button>
        <span class="totals">${this._totals()}</span>
        <rating-buttons mode="last" counter=${this._counterId}></rating-buttons>
      </div>
      <div class="grid">
        <section class="card current">
          <h3>${t('serving')}</h3>
          ${serving ? this._current(serving) : html`<div class="empty">${t('noneServing')}</div>`}
        </section>
        <section class="card next">
          <h3>${t('nextTwo')}</h3>
          ${counter && counter.next.length > 0
            ? html`<ol>
                ${counter.next.slice(0, 2).map((ticket) => {
                  const service = serviceById(this._config, ticket.service);
                  return html`<li><span class="num">${ticket.number}</span><span>${service ? primary(service.name) : ticket.service}</span></li>`;
                })}
              </ol>`
            : html`<div class="empty">${t('nextEmpty')}</div>`}
        </section>
      </div>
      <div class="actions">
        ${this._action('next', !paused, 'primary', 'wide')}
        ${this._action('recall', !!serving, 'neutral')}
        ${this._action('finish', !!serving, 'ok')}
        ${this._skipAction(serving)}
        ${this._action('transfer', !!serving, 'neutral')}
        ${paused ? this._action('resume', true, 'ok', 'wide') : this._action('pause', true, 'neutral', 'wide')}
      </div>
      <div class="status" role="status">
        ${this._error ? html`<span class="error"><error-text .error=${this._error}></error-text></span>` : html`<span class="ok">${this._doneText()}</span>`}
      </div>
      ${this._transferring ? this._transferDialog(serving?.service) : nothing}
      ${this._pausing ? this._pauseDialog() : nothing}`;
  }

  private _doneText(): string {
    const done = this._done;
    if (!done) return '';
    if (done.action === 'next' && !done.number) return t('queueEmpty');
    return done.number ? t('doneNext', { action: t(actionLabels[done.action]), number: done.number }) : t(actionLabels[done.action]);
  }

  private _counterPicker() {
    const counters = this._config?.counters ?? [];
    return html`<div class="pick">
      <h2>${t('counterPick')}</h2>
      ${counters.map(
        (counter) => html`<big-button size="large" data-counter=${counter.id} @click=${() => this._chooseCounter(counter.id)}
          >${primary(counter.name)}<span slot="sub">${secondary(counter.name)}</span></big-button
        >`,
      )}
    </div>`;
  }

  private _chooseCounter(id: string): void {
    this._counterId = id;
    this._picking = false;
    this._lastTicket = null;
    this._done = null;
    this._error = null;
    try {
      localStorage.setItem(COUNTER_KEY, id);
    } catch {
      /* ignore */
    }
  }

  private _totals() {
    const config = this._config;
    const mine = config?.services.filter((s) => s.counters.includes(this._counterId ?? '')) ?? [];
    const waiting = (this._queue?.services ?? [])
      .filter((entry) => mine.some((s) => s.id === entry.id))
      .reduce((sum, entry) => sum + entry.waiting, 0);
    return t('waitingTotal', { n: waiting });
  }

  private _current(serving: NonNullable<QueueCounter['serving']>) {
    const service = serviceById(this._config, serving.service);
    // The service measures the wait itself: from the (first) issue to the call.
    const waitedSec = serving.waitSec;
    return html`<div class="number" data-serving>${serving.number}</div>
      <div class="service">${service ? html`${primary(service.name)} <span class="muted">${secondary(service.name)}</span>` : serving.service}</div>
      ${waitedSec !== null ? html`<div class="waited">${t('waitedFor', { wait: formatWait(waitedSec) })}</div>` : nothing}
      ${waitedSec !== null && waitedSec >= APOLOGY_AFTER_SEC ? html`<div class="apology" data-apology>${t('apologyHint')}</div>` : nothing}`;
  }

  private _action(action: CounterAction, enabled: boolean, variant: string, extraClass = '') {
    return html`<big-button
      class=${extraClass}
      size="large"
      variant=${variant}
      data-action=${action}
      ?disabled=${this._busy || !enabled}
      @click=${() => (action === 'transfer' ? (this._transferring = true) : action === 'pause' ? (this._pausing = true) : this._run(action))}
      >${t(actionLabels[action])}</big-button
    >`;
  }

  /** 过号 only after the recalls the hall's rule asks for; until then the button says how many are left. */
  private _skipAction(serving: QueueCounter['serving']) {
    const needed = (this._config as { queue?: { recallsBeforeSkip?: number } } | null)?.queue?.recallsBeforeSkip ?? 2;
    const done = (serving as { recalls?: number } | null)?.recalls ?? 0;
    const allowed = !!serving && done >= needed;
    return html`<big-button
      size="large"
      variant="warn"
      data-action="skip"
      ?disabled=${this._busy || !allowed}
      @click=${() => this._run('skip')}
      >${t('actSkip')}${serving && !allowed ? html`<span slot="sub" data-skip-hint>${t('skipNeedsRecalls', { n: needed, done })}</span>` : nothing}</big-button
    >`;
  }

  private _transferDialog(current: string | undefined) {
    const services = (this._config?.services ?? []).filter((s) => s.id !== current);
    // A tap on the backdrop or Escape (for a keyboard at the counter) closes the dialog.
    return html`<div
      class="dialog"
      @click=${(e: Event) => e.target === e.currentTarget && (this._transferring = false)}
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this._transferring = false)}
    >
      <div class="card">
        <h3>${t('transferTo')}</h3>
        <div class="choices">
          ${services.map(
            (service) => html`<big-button data-service=${service.id} @click=${() => this._run('transfer', service.id)}
              >${service.letter} ${primary(service.name)}<span slot="sub">${secondary(service.name)}</span></big-button
            >`,
          )}
        </div>
        <big-button variant="neutral" @click=${() => (this._transferring = false)}>${t('cancel')}</big-button>
      </div>
    </div>`;
  }

  /** A pause names its reason (queue.pauseReasons); reports sum pause time by it. */
  private _pauseDialog() {
    const reasons = this._config?.pauseReasons ?? ['other'];
    return html`<div class="dialog" @click=${(e: Event) => e.target === e.currentTarget && (this._pausing = false)} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this._pausing = false)}>
      <div class="card">
        <h3>${t('pauseWhy')}</h3>
        <div class="choices">
          ${reasons.map((reason) => {
            const name = pauseReasonNames[reason] ?? { zh: reason, en: reason };
            return html`<big-button data-reason=${reason} @click=${() => this._run('pause', undefined, reason)}>${primary(name)}<span slot="sub">${secondary(name)}</span></big-button>`;
          })}
        </div>
        <big-button variant="neutral" @click=${() => (this._pausing = false)}>${t('cancel')}</big-button>
      </div>
    </div>`;
  }

  private async _run(action: CounterAction, service?: string, reason?: string): Promise<void> {
    if (!this._counterId || this._busy) return;
    this._busy = true;
    this._error = null;
    this._transferring = false;
    this._pausing = false;
    try {
      const ticket = await counterAction(this._counterId, action, service ? { service } : reason ? { reason } : undefined);
      this._lastTicket = ticket;
      this._done = { action, number: ticket?.number ?? null };
    } catch (error) {
      this._error = error;
      this._done = null;
      if (error instanceof ApiError && error.status === 401) {
        // The service restarted (tokens live in memory) or the session ran out: the shell shows
        // the login now; the tap is not lost but done once the clerk is back.
        this._pending = { action, service };
        this._error = null;
        sessionExpiredNotice.set({ pendingAction: t(actionLabels[action]) });
      }
    } finally {
      this._busy = false;
      this._follower?.refresh();
    }
  }
}

function readCounter(): string | null {
  try {
    return localStorage.getItem(COUNTER_KEY);
  } catch {
    return null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'counter-screen': CounterScreen;
  }
}
