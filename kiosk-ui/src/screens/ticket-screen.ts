import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cachedPublicConfig, counterName, getPublicConfig, serviceById } from '../api/config.js';
import { ApiError } from '../api/http.js';
import { getTicket } from '../api/queue.js';
import type { PublicConfig, TicketStatus } from '../api/types.js';
import { locale, primary, secondary, t } from '../i18n/index.js';
import { SubscriptionController, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/error-text.js';
import '../components/lang-toggle.js';

/** The ticket as GET /api/tickets/{id} answers it, with the numbers its service serves now. */
type TicketView = TicketStatus & { nowServing?: string[] };

/** "about 9–15 min": an estimate is a guess, so the phone shows it as a range. */
export function waitRange(seconds: number): { low: number; high: number } {
  const minutes = seconds / 60;
  return { low: Math.max(1, Math.floor(minutes * 0.75)), high: Math.max(2, Math.ceil(minutes * 1.25)) };
}

/**
 * `/t/{id}`: the page the ticket's QR code opens on the customer's phone — number, the numbers its
 * service is serving, people ahead, the estimate as a range, and the counter once called (with a
 * vibration, a title change and a beep where the browser allows it). Follows
 * /api/tickets/{id}/events (served on the public listener too), re-reads on each change and
 * every 30 s as a safety net.
 */
@customElement('ticket-screen')
export class TicketScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _config: PublicConfig | null = cachedPublicConfig();
  @state() private _ticket: TicketView | null = null;
  @state() private _error: unknown = null;
  @state() private _notFound = false;
  @state() private _soundReady = false;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _audio: AudioContext | null = null;

  static override styles = [
    tokens,
    css`
      :host { display: flex; flex-direction: column; align-items: center; min-height: 100vh; padding: 16px; background: var(--fd-bg); }
      .bar { align-self: stretch; display: flex; justify-content: space-between; align-items: center; max-width: 560px; margin: 0 auto; width: 100%; }
      .bar h1 { font-size: 24px; margin: 0; }
      .card { margin-top: 16px; width: 100%; max-width: 560px; background: var(--fd-surface); border-radius: 20px; padding: 20px; box-shadow: 0 4px 18px rgb(0 0 0 / 0.1); text-align: center; }
      .number { font-size: 88px; font-weight: 800; color: var(--fd-primary); line-height: 1.1; font-variant-numeric: tabular-nums; }
      .service { font-size: 20px; color: var(--fd-muted); margin-bottom: 12px; }
      .state { font-size: 28px; font-weight: 700; margin: 12px 0; }
      .state.called { color: #fff; background: var(--fd-ok); border-radius: 14px; padding: 14px; }
      .state small { display: block; font-size: 18px; font-weight: 400; margin-top: 6px; }
      .fact { font-size: 22px; margin: 6px 0; }
      .serving { font-size: 20px; margin: 12px 0 0; padding: 10px; border-radius: 12px; background: #eff6ff; font-variant-numeric: tabular-nums; }
      .hint { font-size: 18px; color: var(--fd-muted); }
      button.sound { margin-top: 16px; font: inherit; font-size: 18px; min-height: 48px; padding: 8px 16px; border-radius: 12px; border: 2px solid var(--fd-primary); background: #fff; color: var(--fd-primary); }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    new SubscriptionController(this, () => {
      const id = this.params.id;
      const source = id ? new EventSource(`/api/tickets/${encodeURIComponent(id)}/events`) : null;
      source?.addEventListener('message', () => this._scheduleLoad(150));
      source?.addEventListener('open', () => this._scheduleLoad(150));
      const poll = setInterval(() => void this._load(), 30000);
      return () => {
        source?.close();
        clearInterval(poll);
        if (this._timer) clearTimeout(this._timer);
        void this._audio?.close();
      };
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load();
    getPublicConfig().then(
      (config) => (this._config = config),
      () => undefined,
    );
  }

  private _scheduleLoad(ms: number): void {
    if (this._timer) clearTimeout(this._timer);
    this._timer = setTimeout(() => void this._load(), ms);
  }

  private async _load(): Promise<void> {
    const id = this.params.id;
    if (!id) return;
    try {
      const before = this._ticket?.state;
      const ticket = (await getTicket(id)) as TicketView;
      this._ticket = ticket;
      this._error = null;
      if (ticket.state === 'called' && before && before !== 'called') this._alert(ticket);
      document.title = ticket.state === 'called' ? `【${t('ticketYourTurn')}】${ticket.number}` : `${ticket.number} · ${t('ticketTitle')}`;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) this._notFound = true;
      else this._error = error;
    }
  }

  /** The customer may be looking elsewhere: buzz, change the tab title, and beep if allowed. */
  private _alert(ticket: TicketView): void {
    navigator.vibrate?.([400, 200, 400, 200, 400]);
    document.title = `【${t('ticketYourTurn')}】${ticket.number}`;
    const audio = this._audio;
    if (!audio || audio.state !== 'running') return;
    for (const [at, freq] of [[0, 880], [0.35, 660], [0.7, 880]] as const) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      gain.gain.value = 0.2;
      tone.frequency.value = freq;
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + at);
      tone.stop(audio.currentTime + at + 0.25);
    }
  }

  /** Browsers play sound only after a tap: the button unlocks it for the call. */
  private async _enableSound(): Promise<void> {
    try {
      this._audio ??= new AudioContext();
      await this._audio.resume();
      this._soundReady = this._audio.state === 'running';
    } catch {
      this._soundReady = false;
    }
  }

  override render() {
    return html`<div class="bar"><h1>${t('ticketTitle')}</h1><lang-toggle></lang-toggle></div>
      <div class="card">${this._body()}</div>`;
  }

  private _body() {
    if (this._notFound) return html`<p class="state" data-state="not-found">${t('ticketNotFound')}</p><p class="hint">${t('ticketNotFoundHint')}</p>`;
    const ticket = this._ticket;
    if (!ticket) return html`<p class="fact">${this._error ? html`<error-text .error=${this._error}></error-text>` : t('loading')}</p>`;
    const service = serviceById(this._config, ticket.service);
    const serving = ticket.nowServing ?? [];
    return html`<div class="number" data-number>${ticket.number}</div>
      ${service ? html`<div class="service">${primary(service.name)} · ${secondary(service.name)}</div>` : nothing}
      ${this._state(ticket)}
      ${ticket.state === 'waiting'
        ? html`<p class="fact" data-ahead=${ticket.ahead}>${ticket.ahead > 0 ? t('aheadN', { n: ticket.ahead }) : t('aheadZero')}</p>
            ${ticket.ahead > 0 ? html`<p class="fact" data-wait=${ticket.estimatedWaitSec}>${t('estimatedWait', { wait: t('ticketWaitRange', waitRange(ticket.estimatedWaitSec)) })}</p>` : nothing}
            <p class="serving" data-now-serving>${serving.length ? t('ticketNowServing', { numbers: serving.join('、') }) : t('ticketNowServingNone')}</p>
            ${this._soundReady ? nothing : html`<button class="sound" @click=${this._enableSound}>${t('ticketSoundOn')}</button>`}`
        : nothing}`;
  }

  private _state(ticket: TicketView) {
    switch (ticket.state) {
      case 'called':
        return html`<p class="state called" data-state="called" role="alert">
          ${t('ticketYourTurn')}<small>${t('ticketCalled', { counter: primary(counterName(this._config, ticket.counter ?? '?')) })}</small>
        </p>`;
      case 'finished':
        return html`<p class="state" data-state="finished">${t('ticketFinished')}</p>`;
      case 'skipped':
        return html`<p class="state" data-state="skipped">${t('ticketSkipped')}</p>`;
      default:
        return html`<p class="state" data-state="waiting">${t('ticketWaiting')}</p>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ticket-screen': TicketScreen;
  }
}
