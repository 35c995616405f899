import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cachedPublicConfig, getPublicConfig } from '../api/config.js';
import { deviceStates, followDevices } from '../api/devices.js';
import { readableError, type ReadableError } from '../api/error-message.js';
import { issueTicket } from '../api/queue.js';
import type { IssuedTicket, PublicConfig, PublicService } from '../api/types.js';
import { formatWait, locale, primary, secondary, t } from '../i18n/index.js';
import { SubscriptionController, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/big-button.js';
import '../components/lang-toggle.js';
// Static import: the QR code must draw even if the service went away after this screen loaded.
import '../components/qr-code.js';

/** Seconds the confirmation stays before the kiosk returns to the service buttons. */
const CONFIRMATION_SEC = 15;

type MemberField = 'member' | 'phone';

/** `/kiosk`: the customer's ticket machine. Pick a service → number, people ahead, wait, QR. */
@customElement('kiosk-screen')
export class KioskScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _config: PublicConfig | null = cachedPublicConfig();
  @state() private _ticket: IssuedTicket | null = null;
  @state() private _busy = false;
  @state() private _error: ReadableError | null = null;
  @state() private _countdown = 0;
  @state() private _memberOpen = false;
  @state() private _memberField: MemberField = 'member';
  @state() private _member = '';
  @state() private _phone = '';
  private _timer: ReturnType<typeof setInterval> | null = null;
  private _wedge = '';

  static override styles = [
    tokens,
    css`
      :host { display: flex; flex-direction: column; min-height: 100vh; background: linear-gradient(180deg, #0b2545 0, #0b2545 150px, var(--fd-bg) 150px); }
      header { display: flex; align-items: center; padding: 20px 32px 0; color: #fff; min-height: 110px; gap: 24px; }
      header .titles { flex: 1; }
      header h1 { margin: 0; font-size: 40px; letter-spacing: 2px; }
      header p { margin: 4px 0 0; font-size: 22px; opacity: 0.85; }
      lang-toggle { color: #fff; }
      .panel { margin: 0 32px 24px; background: var(--fd-surface); border-radius: 24px; box-shadow: 0 6px 24px rgb(0 0 0 / 0.12); padding: 28px 32px; flex: 1; display: flex; flex-direction: column; }
      h2 { margin: 0 0 20px; font-size: 34px; text-align: center; }
      h2 small { display: block; font-size: 20px; font-weight: 400; color: var(--fd-muted); margin-top: 4px; }
      .services { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 20px; flex: 1; align-content: start; }
      .services big-button { height: 150px; }
      .services.compact big-button { height: 124px; }
      .letter { display: inline-block; min-width: 1.6em; margin-right: 12px; padding: 0 8px; border-radius: 10px; background: rgb(255 255 255 / 0.22); }
      .notice { margin: 0 0 16px; padding: 12px 18px; border-radius: 12px; background: #fef3c7; color: #78350f; font-size: 22px; text-align: center; }
      .error { text-align: center; font-size: 24px; margin: 16px 0 0; }
      .member { margin-top: 16px; display: flex; flex-direction: column; align-items: center; gap: 12px; }
      .member-row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; justify-content: center; }
      .member-value { min-width: 320px; min-height: 60px; font-size: 32px; font-weight: 700; letter-spacing: 3px; border: 3px solid var(--fd-primary); border-radius: 12px; padding: 6px 14px; background: #eff6ff; font-variant-numeric: tabular-nums; }
      .keypad { display: grid; grid-template-columns: repeat(7, 72px); gap: 10px; }
      .keypad big-button { height: 60px; }
      /* confirmation */
      .ticket { display: grid; grid-template-columns: 1fr auto; gap: 24px 40px; align-items: center; flex: 1; }
      .number-label { font-size: 28px; color: var(--fd-muted); margin: 0; }
      .number { font-size: 180px; line-height: 1; font-weight: 800; color: var(--fd-primary); margin: 8px 0; letter-spacing: 6px; font-variant-numeric: tabular-nums; }
      .service { font-size: 30px; margin: 0 0 16px; }
      .facts { font-size: 34px; margin: 6px 0; font-weight: 600; }
      .qr { text-align: center; font-size: 20px; color: var(--fd-muted); }
      .qr qr-code { width: 240px; height: 240px; border: 1px solid #e5e7eb; }
      .note { grid-column: 1 / -1; margin: 0; padding: 14px 20px; border-radius: 14px; font-size: 24px; }
      .note.ok { background: #dcfce7; color: #14532d; }
      .note.down { background: #fef3c7; color: #78350f; }
      .back { display: flex; justify-content: center; margin-top: 16px; }
      .back big-button { min-width: 360px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale, deviceStates);
    new SubscriptionController(this, followDevices);
    new SubscriptionController(this, () => {
      window.addEventListener('keydown', this._onKey);
      return () => window.removeEventListener('keydown', this._onKey);
    });
    new SubscriptionController(this, () => () => this._stopCountdown());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this._loadConfig();
  }

  private async _loadConfig(): Promise<void> {
    try {
      this._config = await getPublicConfig();
    } catch {
      setTimeout(() => this.isConnected && void this._loadConfig(), 5000);
    }
  }

  override render() {
    const site = this._config?.site.name;
    return html`<header>
        <div class="titles">
          <h1>${t('kioskWelcome')}${site ? html` · ${primary(site)}` : nothing}</h1>
          <p>${site ? secondary(site) : nothing}</p>
        </div>
        <lang-toggle></lang-toggle>
      </header>
      <section class="panel">${this._ticket ? this._confirmation(this._ticket) : this._picker()}</section>`;
  }

  private _picker() {
    const printer = deviceStates.get().printer?.state;
    const printerDown = printer === 'fault' || printer === 'offline';
    return html`<h2>${t('kioskPick')}<small>${locale.get() === 'en' ? '请选择您要办理的业务' : 'Please choose your service'}</small></h2>
      ${printerDown ? html`<p class="notice" role="status">${t('kioskPrinterWarn')}</p>` : nothing}
      <div class="services ${this._memberOpen ? 'compact' : ''}">
        ${(this._config?.services ?? []).map((service) => this._serviceButton(service))}
      </div>
      ${this._busy ? html`<p class="error muted">${t('kioskTaking')}</p>` : nothing}
      ${this._error
        ? html`<p class="error" role="alert">${this._error.text}${this._error.detail ? html`<small>${this._error.detail}</small>` : nothing}</p>`
        : nothing}
      ${this._memberPanel()}`;
  }

  private _serviceButton(service: PublicService) {
    return html`<big-button
      size="huge"
      variant=${service.priority ? 'warn' : 'primary'}
      data-service=${service.id}
      ?disabled=${this._busy}
      @click=${() => this._take(service)}
      ><span class="letter">${service.letter}</span>${primary(service.name)}<span slot="sub">${secondary(service.name)}</span></big-button
    >`;
  }

  private _memberPanel() {
    if (!this._memberOpen) {
      return html`<div class="member">
        <big-button variant="neutral" @click=${() => (this._memberOpen = true)}>${t('kioskMember')}</big-button>
      </div>`;
    }
    const value = this._memberField === 'member' ? this._member : this._phone;
    const keys = this._memberField === 'member' ? ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 'M'] : ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
    return html`<div class="member">
      <div class="member-row">
        <big-button variant=${this._memberField === 'member' ? 'primary' : 'neutral'} @click=${() => (this._memberField = 'member')}>${t('kioskMemberCard')}</big-button>
        <big-button variant=${this._memberField === 'phone' ? 'primary' : 'neutral'} @click=${() => (this._memberField = 'phone')}>${t('kioskPhone')}</big-button>
        <span class="member-value" aria-live="polite">${value}</span>
      </div>
      <div class="keypad">
        ${keys.map((key) => html`<big-button variant="neutral" @click=${() => this._typeMember(key)}>${key}</big-button>`)}
        <big-button variant="neutral" @click=${() => this._setMember(value.slice(0, -1))}>⌫</big-button>
        <big-button variant="neutral" @click=${this._clearMember}>${t('kioskClear')}</big-button>
      </div>
    </div>`;
  }

  private _typeMember(key: string): void {
    const current = this._memberField === 'member' ? this._member : this._phone;
    this._setMember((current + key).slice(0, this._memberField === 'phone' ? 11 : 16));
  }

  private _setMember(value: string): void {
    if (this._memberField === 'member') this._member = value;
    else this._phone = value;
  }

  private _clearMember(): void {
    this._member = '';
    this._phone = '';
    this._memberOpen = false;
  }

  /** Keyboard-wedge card readers type the card number and Enter: take it as the member card. */
  private readonly _onKey = (event: KeyboardEvent) => {
    if (this._ticket) return;
    if (event.key === 'Enter') {
      if (this._wedge.length >= 3) {
        this._member = this._wedge;
        this._memberField = 'member';
        this._memberOpen = true;
      }
      this._wedge = '';
    } else if (event.key.length === 1 && /[0-9A-Za-z]/.test(event.key)) {
      this._wedge = (this._wedge + event.key.toUpperCase()).slice(-32);
    }
  };

  private async _take(service: PublicService): Promise<void> {
    if (this._busy) return;
    this._busy = true;
    this._error = null;
    try {
      this._ticket = await issueTicket({
        service: service.id,
        ...(this._member ? { member: this._member } : {}),
        ...(this._phone ? { phone: this._phone } : {}),
      });
      this._member = '';
      this._phone = '';
      this._memberOpen = false;
      this._startCountdown();
    } catch (error) {
      this._error = readableError(error);
    } finally {
      this._busy = false;
    }
  }

  private _confirmation(ticket: IssuedTicket) {
    const service = this._config?.services.find((s) => s.id === ticket.service);
    const qr = ticket.qrUrl ?? `${location.origin}/t/${encodeURIComponent(ticket.id)}`;
    return html`<div class="ticket" data-ticket=${ticket.id}>
        <div>
          <p class="number-label">${t('yourNumber')}</p>
          <p class="number" data-number>${ticket.number}</p>
          ${service ? html`<p class="service">${primary(service.name)} · <span class="muted">${secondary(service.name)}</span></p>` : nothing}
          <p class="facts" data-ahead=${ticket.ahead}>${ticket.ahead > 0 ? t('aheadN', { n: ticket.ahead }) : t('aheadZero')}</p>
          <p class="facts" data-wait=${ticket.estimatedWaitSec}>${t('estimatedWait', { wait: formatWait(ticket.estimatedWaitSec) })}</p>
        </div>
        <div class="qr">
          <qr-code value=${qr}></qr-code>
          <div>${t('scanToFollow')}</div>
        </div>
        <p class="note ${ticket.printed ? 'ok' : 'down'}" role="status" data-printed=${String(ticket.printed)}>
          ${ticket.printed ? t('printedNote') : t('printerDownNote')}
        </p>
      </div>
      <div class="back">
        <big-button size="large" variant="neutral" @click=${this._reset}>${t('backToStart', { s: this._countdown })}</big-button>
      </div>`;
  }

  private _startCountdown(): void {
    this._stopCountdown();
    this._countdown = CONFIRMATION_SEC;
    this._timer = setInterval(() => {
      this._countdown -= 1;
      if (this._countdown <= 0) this._reset();
    }, 1000);
  }

  private _stopCountdown(): void {
    if (this._timer) clearInterval(this._timer);
    this._timer = null;
  }

  private _reset(): void {
    this._stopCountdown();
    this._ticket = null;
    this._error = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kiosk-screen': KioskScreen;
  }
}
