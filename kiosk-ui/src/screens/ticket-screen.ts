import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cachedPublicConfig, counterName, getPublicConfig, serviceById } from '../api/config.js';
import { readableError, type ReadableError } from '../api/error-message.js';
import { ApiError } from '../api/http.js';
import { liveEvents } from '../api/live-events.js';
import { getTicket } from '../api/queue.js';
import type { PublicConfig, TicketStatus } from '../api/types.js';
import { formatWait, locale, primary, secondary, t } from '../i18n/index.js';
import { SubscriptionController, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/lang-toggle.js';

/**
 * `/t/{id}`: the page the ticket's QR code opens on the customer's phone — number, state, people
 * ahead, estimated wait, and the counter once called. Re-read on every queue event (any call
 * moves the customer forward), on reconnection, and every 30 s.
 */
@customElement('ticket-screen')
export class TicketScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _config: PublicConfig | null = cachedPublicConfig();
  @state() private _ticket: TicketStatus | null = null;
  @state() private _error: ReadableError | null = null;
  @state() private _notFound = false;
  private _timer: ReturnType<typeof setTimeout> | null = null;

  static override styles = [
    tokens,
    css`
      :host { display: flex; flex-direction: column; align-items: center; min-height: 100vh; padding: 16px; background: var(--fd-bg); }
      .bar { align-self: stretch; display: flex; justify-content: space-between; align-items: center; max-width: 560px; margin: 0 auto; width: 100%; }
      .bar h1 { font-size: 24px; margin: 0; }
      .card { margin-top: 16px; width: 100%; max-width: 560px; background: var(--fd-surface); border-radius: 20px; padding: 24px; box-shadow: 0 4px 18px rgb(0 0 0 / 0.1); text-align: center; }
      .number { font-size: 96px; font-weight: 800; color: var(--fd-primary); line-height: 1.1; font-variant-numeric: tabular-nums; }
      .service { font-size: 22px; color: var(--fd-muted); margin-bottom: 16px; }
      .state { font-size: 30px; font-weight: 700; margin: 12px 0; }
      .state.called { color: #fff; background: var(--fd-ok); border-radius: 14px; padding: 14px; }
      .fact { font-size: 24px; margin: 6px 0; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    new SubscriptionController(this, () => {
      const soon = () => this._scheduleLoad(150);
      const offs = [liveEvents.subscribe('ticket.*', soon), liveEvents.onOpen(soon)];
      const poll = setInterval(() => void this._load(), 30000);
      return () => {
        offs.forEach((off) => off());
        clearInterval(poll);
        if (this._timer) clearTimeout(this._timer);
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
      this._ticket = await getTicket(id);
      this._error = null;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) this._notFound = true;
      else this._error = readableError(error);
    }
  }

  override render() {
    return html`<div class="bar"><h1>${t('ticketTitle')}</h1><lang-toggle></lang-toggle></div>
      <div class="card">${this._body()}</div>`;
  }

  private _body() {
    if (this._notFound) return html`<p class="state">${t('ticketNotFound')}</p>`;
    const ticket = this._ticket;
    if (!ticket) return html`<p class="fact">${this._error ? this._error.text : t('loading')}</p>`;
    const service = serviceById(this._config, ticket.service);
    return html`<div class="number" data-number>${ticket.number}</div>
      ${service ? html`<div class="service">${primary(service.name)} · ${secondary(service.name)}</div>` : nothing}
      ${this._state(ticket)}
      ${ticket.state === 'waiting'
        ? html`<p class="fact" data-ahead=${ticket.ahead}>${ticket.ahead > 0 ? t('aheadN', { n: ticket.ahead }) : t('aheadZero')}</p>
            <p class="fact">${t('estimatedWait', { wait: formatWait(ticket.estimatedWaitSec) })}</p>`
        : nothing}`;
  }

  private _state(ticket: TicketStatus) {
    switch (ticket.state) {
      case 'called':
        return html`<p class="state called" data-state="called">${t('ticketCalled', { counter: primary(counterName(this._config, ticket.counter ?? '?')) })}</p>`;
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
