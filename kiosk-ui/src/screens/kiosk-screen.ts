import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cachedPublicConfig, followPublicConfig, getPublicConfig } from '../api/config.js';
import { deviceStates, followDevices } from '../api/devices.js';
import { followQueue, issueTicket } from '../api/queue.js';
import type { IssuedTicket, PublicConfig, PublicService, QueueSnapshot } from '../api/types.js';
import { customerLocale, formatWait, locale, primary, secondary, t } from '../i18n/index.js';
import { describeOpening, hallOpening } from '../lib/site-time.js';
import { SubscriptionController, every, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/big-button.js';
import '../components/error-text.js';
import '../components/lang-toggle.js';
// Static import: the QR code must draw even if the service went away after this screen loaded.
import '../components/qr-code.js';

/** Seconds the confirmation stays before the kiosk returns to the service buttons. */
const CONFIRMATION_SEC = 15;
/** A customer who walked away: what they typed is cleared after this long without a touch. */
export const IDLE_RESET_MS = 30_000;

type MemberField = 'member' | 'phone';

/** "138••••8000": a phone number on a screen others can read. */
export function maskPhone(phone: string): string {
  return phone.slice(0, 3) + '•'.repeat(Math.max(0, Math.min(phone.length, 7) - 3)) + phone.slice(7);
}

/**
 * `/kiosk`: the customer's ticket machine, one customer at a time. Pick a service (each button
 * says how many wait and for how long) → number, people ahead, wait, QR. Whatever a customer typed
 * (phone, member card) and their language choice are cleared when their ticket is issued or after
 * 30 s without a touch, so the next customer starts clean in zh-CN.
 */
@customElement('kiosk-screen')
export class KioskScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _config: PublicConfig | null = cachedPublicConfig();
  @state() private _queue: QueueSnapshot | null = null;
  @state() private _ticket: IssuedTicket | null = null;
  @state() private _busy = false;
  @state() private _error: unknown = null;
  @state() private _countdown = 0;
  @state() private _memberOpen = false;
  @state() private _memberField: MemberField = 'phone';
  @state() private _member = '';
  @state() private _phone = '';
  @state() private _now = Date.now();
  private _timer: ReturnType<typeof setInterval> | null = null;
  private _wedge = '';
  private _lastTouch = Date.now();

  static override styles = [
    tokens,
    css`
      :host { display: flex; flex-direction: column; height: 100vh; max-height: 100vh; overflow: hidden; background: linear-gradient(180deg, #0b2545 0, #0b2545 130px, var(--fd-bg) 130px); }
      header { display: flex; align-items: center; padding: 16px 32px 0; color: #fff; min-height: 96px; gap: 24px; }
      header .titles { flex: 1; min-width: 0; }
      header h1 { margin: 0; font-size: 38px; letter-spacing: 2px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      header p { margin: 4px 0 0; font-size: 22px; opacity: 0.9; }
      lang-toggle { color: #fff; }
      .panel { margin: 0 32px 24px; background: var(--fd-surface); border-radius: 24px; box-shadow: 0 6px 24px rgb(0 0 0 / 0.12); padding: 20px 28px; flex: 1; min-height: 0; display: flex; flex-direction: column; }
      h2 { margin: 0 0 14px; font-size: 32px; text-align: center; }
      h2 small { display: block; font-size: 20px; font-weight: 400; color: var(--fd-muted); margin-top: 2px; }
      .picker { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr); gap: 20px; }
      .picker.with-pad { grid-template-columns: minmax(0, 1fr) 360px; }
      /* The buttons share the space; the type follows each button's height (3 lines of text). */
      .services { display: grid; gap: 16px; min-height: 0; container-type: size; }
      .services big-button { height: 100%; min-height: 0; }
      .services big-button::part(button) { min-height: 0; padding: 4px 16px; font-size: min(42px, calc((100cqh - (var(--rows) - 1) * 16px) / var(--rows) * 0.3)); }
      .letter { display: inline-block; min-width: 1.6em; margin-right: 12px; padding: 0 8px; border-radius: 10px; background: rgb(255 255 255 / 0.22); }
      .wait { display: block; margin-top: 4px; font-weight: 700; font-variant-numeric: tabular-nums; }
      .notice { margin: 0 0 12px; padding: 10px 18px; border-radius: 12px; background: #fef3c7; color: #78350f; font-size: 22px; text-align: center; }
      .error { text-align: center; font-size: 22px; margin: 10px 0 0; }
      .foot { display: flex; gap: 16px; align-items: center; justify-content: center; margin-top: 14px; min-height: 56px; }
      .foot .saved { font-size: 24px; font-weight: 600; }
      .pad { display: flex; flex-direction: column; gap: 10px; min-height: 0; }
      .tabs { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
      .value { min-height: 60px; font-size: 32px; font-weight: 700; letter-spacing: 3px; border: 3px solid var(--fd-primary); border-radius: 12px; padding: 6px 14px; background: #eff6ff; font-variant-numeric: tabular-nums; text-align: center; white-space: nowrap; overflow: hidden; }
      .keys { display: grid; grid-template-columns: repeat(3, 1fr); grid-auto-rows: minmax(48px, 1fr); gap: 8px; flex: 1; min-height: 0; }
      .keys big-button { height: 100%; white-space: nowrap; }
      .keys big-button::part(button) { font-size: 26px; padding: 4px 8px; }
      .keys .wide { grid-column: span 2; }
      .keys .full { grid-column: 1 / -1; }
      .closed { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center; text-align: center; gap: 12px; }
      .closed h2 { font-size: 72px; margin: 0; color: var(--fd-accent); }
      .closed h2 small { font-size: 32px; }
      .closed p { font-size: 30px; margin: 0; }
      /* confirmation */
      .ticket { display: grid; grid-template-columns: 1fr auto; gap: 16px 40px; align-items: center; flex: 1; min-height: 0; }
      .number-label { font-size: 28px; color: var(--fd-muted); margin: 0; }
      .number { font-size: 150px; line-height: 1; font-weight: 800; color: var(--fd-primary); margin: 8px 0; letter-spacing: 6px; font-variant-numeric: tabular-nums; }
      .service { font-size: 28px; margin: 0 0 12px; }
      .facts { font-size: 32px; margin: 6px 0; font-weight: 600; }
      .qr { text-align: center; font-size: 20px; color: var(--fd-muted); }
      .qr qr-code { width: 220px; height: 220px; border: 1px solid #e5e7eb; }
      .note { grid-column: 1 / -1; margin: 0; padding: 12px 20px; border-radius: 14px; font-size: 22px; }
      .note.ok { background: #dcfce7; color: #14532d; }
      .note.down { background: #fef3c7; color: #78350f; }
      .back { display: flex; justify-content: center; margin-top: 12px; }
      .back big-button { min-width: 360px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale, deviceStates);
    new SubscriptionController(this, followDevices);
    new SubscriptionController(this, customerLocale);
    new SubscriptionController(this, () => followQueue((queue) => (this._queue = queue)));
    new SubscriptionController(this, () => {
      const touched = () => (this._lastTouch = Date.now());
      window.addEventListener('keydown', this._onKey);
      window.addEventListener('pointerdown', touched, true);
      window.addEventListener('keydown', touched, true);
      return () => {
        window.removeEventListener('keydown', this._onKey);
        window.removeEventListener('pointerdown', touched, true);
        window.removeEventListener('keydown', touched, true);
      };
    });
    every(this, 1000, () => {
      this._now = Date.now();
      if (!this._ticket && this._hasCustomerData() && this._now - this._lastTouch >= IDLE_RESET_MS) this._clearCustomer();
    });
    new SubscriptionController(this, () => () => this._stopCountdown());
    new SubscriptionController(this, () => followPublicConfig((config) => (this._config = config)));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this._loadConfig();
    // A reload while the service is down shows the offline page instead of the browser's error.
    navigator.serviceWorker?.register('/sw.js').catch(() => undefined);
  }

  private async _loadConfig(): Promise<void> {
    try {
      this._config = await getPublicConfig();
    } catch {
      setTimeout(() => this.isConnected && void this._loadConfig(), 5000);
    }
  }

  /** Anything this customer left behind: typed data, an open keypad, English, an error. */
  private _hasCustomerData(): boolean {
    return !!(this._member || this._phone || this._memberOpen || this._error || locale.get() !== 'zh-CN');
  }

  /** Starts over for the next customer: nothing typed, keypad closed, zh-CN. */
  private _clearCustomer(): void {
    this._member = '';
    this._phone = '';
    this._wedge = '';
    this._memberOpen = false;
    this._memberField = 'phone';
    this._error = null;
    locale.set('zh-CN');
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
    const opening = hallOpening(this._config?.hours, this._config?.site.timezone, this._now);
    if (!opening.open) {
      const when = opening.next ? describeOpening(opening.next) : null;
      return html`<div class="closed" role="status" data-closed>
        <h2>${t('kioskClosed')}<small>${locale.get() === 'en' ? '暂停取号' : 'Tickets paused'}</small></h2>
        ${when ? html`<p>${t('kioskClosedNext', { when: primary(when) })}</p>` : nothing}
        <p class="muted">${t('kioskClosedHint')}</p>
      </div>`;
    }
    const printer = deviceStates.get().printer?.state;
    const printerDown = printer === 'fault' || printer === 'offline';
    const services = this._config?.services ?? [];
    const columns = services.length <= 3 ? 1 : 2;
    const rows = Math.max(1, Math.ceil(services.length / columns));
    return html`<h2>${t('kioskPick')}<small>${locale.get() === 'en' ? '请选择您要办理的业务' : 'Please choose your service'}</small></h2>
      ${printerDown ? html`<p class="notice" role="status">${t('kioskPrinterWarn')}</p>` : nothing}
      <div class="picker ${this._memberOpen ? 'with-pad' : ''}">
        <div class="services" style="--rows: ${rows}; grid-template-columns: repeat(${columns}, minmax(0, 1fr)); grid-template-rows: repeat(${rows}, minmax(0, 1fr));">
          ${services.map((service) => this._serviceButton(service))}
        </div>
        ${this._memberOpen ? this._keypad() : nothing}
      </div>
      ${this._busy ? html`<p class="error muted">${t('kioskTaking')}</p>` : nothing}
      ${this._error
        ? html`<p class="error" role="alert"><error-text .error=${this._error}></error-text></p>`
        : nothing}
      ${this._memberOpen ? nothing : this._memberFoot()}`;
  }

  private _serviceButton(service: PublicService) {
    const entry = this._queue?.services.find((s) => s.id === service.id);
    const wait = entry
      ? entry.waiting > 0
        ? t('kioskServiceWaiting', { n: entry.waiting, wait: formatWait(entry.estimatedWaitSec) })
        : t('kioskServiceNobody')
      : '';
    return html`<big-button
      size="huge"
      variant=${service.priority ? 'warn' : 'primary'}
      data-service=${service.id}
      ?disabled=${this._busy}
      @click=${() => this._take(service)}
      ><span class="letter">${service.letter}</span>${primary(service.name)}<span slot="sub"
        >${secondary(service.name)}<span class="wait" data-wait>${wait}</span></span
      ></big-button
    >`;
  }

  /** Under the buttons: the way to add a phone / member card, or what was entered. */
  private _memberFoot() {
    const saved = this._phone
      ? t('kioskPhoneSaved', { phone: maskPhone(this._phone) })
      : this._member
        ? t('kioskMemberSaved', { card: this._member })
        : '';
    return html`<div class="foot">
      ${saved ? html`<span class="saved" data-saved>${saved}</span>` : nothing}
      <big-button variant="neutral" data-member-open @click=${() => (this._memberOpen = true)}>${t('kioskMember')}</big-button>
      ${saved ? html`<big-button variant="neutral" @click=${this._clearMember}>${t('kioskClear')}</big-button>` : nothing}
    </div>`;
  }

  /** A 3×4 phone pad (1–9, 清除 0 ⌫) with 确定/OK; the phone shows masked. */
  private _keypad() {
    const phone = this._memberField === 'phone';
    const value = phone ? maskPhone(this._phone) : this._member;
    return html`<div class="pad">
      <div class="tabs">
        <big-button variant=${phone ? 'primary' : 'neutral'} @click=${() => (this._memberField = 'phone')}>${t('kioskPhone')}</big-button>
        <big-button variant=${phone ? 'neutral' : 'primary'} @click=${() => (this._memberField = 'member')}>${t('kioskMemberCard')}</big-button>
      </div>
      <div class="value" aria-live="polite" data-value>${value || '\u00a0'}</div>
      <div class="keys">
        ${['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((key) => html`<big-button variant="neutral" data-key=${key} @click=${() => this._typeMember(key)}>${key}</big-button>`)}
        <big-button variant="neutral" data-key="clear" @click=${() => this._setMember('')}>${t('kioskClear')}</big-button>
        <big-button variant="neutral" data-key="0" @click=${() => this._typeMember('0')}>0</big-button>
        <big-button variant="neutral" data-key="back" aria-label=${t('kioskBackspace')} @click=${() => this._setMember((phone ? this._phone : this._member).slice(0, -1))}>⌫</big-button>
        ${phone ? nothing : html`<big-button variant="neutral" data-key="M" @click=${() => this._typeMember('M')}>M</big-button>`}
        <big-button variant="ok" data-key="ok" class=${phone ? 'full' : 'wide'} @click=${() => (this._memberOpen = false)}>${t('kioskOk')}</big-button>
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
      const member = this._member;
      const phone = this._phone;
      // Cleared before the answer: nothing of this customer survives even if the request fails.
      this._member = '';
      this._phone = '';
      this._memberOpen = false;
      this._ticket = await issueTicket({ service: service.id, ...(member ? { member } : {}), ...(phone ? { phone } : {}) });
      this._startCountdown();
    } catch (error) {
      this._error = error;
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

  /** Back to the service buttons for the next customer. */
  private _reset(): void {
    this._stopCountdown();
    this._ticket = null;
    this._clearCustomer();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kiosk-screen': KioskScreen;
  }
}
