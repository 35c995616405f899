import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError } from '../api/http.js';
import { choosePin, login } from '../api/session.js';
import { locale, primary, secondary, t } from '../i18n/index.js';
import { createStore } from '../lib/store.js';
import { fire } from '../lib/fire.js';
import { watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import './big-button.js';
import './error-text.js';

/**
 * Set by a staff screen whose token the service no longer knows (it restarted, or the session
 * ran out): the login says why it is back, and what will be done once logged in.
 */
export const sessionExpiredNotice = createStore<{ pendingAction?: string } | null>(null);

type Field = 'staff' | 'pin' | 'repeat';

const choosing = {
  title: { zh: '请设置新密码', en: 'Choose a new PIN' },
  pin: { zh: '新密码（4–8 位）', en: 'New PIN (4–8 digits)' },
  repeat: { zh: '再输一次', en: 'Repeat it' },
  mismatch: { zh: '两次输入的密码不一致', en: 'The two PINs differ' },
};

/**
 * Staff number + PIN on an on-screen keypad. Fires `staff-logged-in` with the session. Someone whose
 * PIN a manager reset is asked for a new one, twice, and is then logged in with it.
 */
@customElement('staff-login')
export class StaffLogin extends LitElement {
  @state() private _staff = '';
  @state() private _pin = '';
  @state() private _repeat = '';
  @state() private _choosing = false;
  @state() private _field: Field = 'staff';
  @state() private _busy = false;
  @state() private _error: unknown = null;

  static override styles = [
    tokens,
    css`
      :host { display: flex; justify-content: center; padding: 24px; }
      .card { background: var(--fd-surface); border-radius: 20px; padding: 24px 28px; box-shadow: 0 4px 18px rgb(0 0 0 / 0.1); width: 420px; }
      h2 { margin: 0 0 16px; font-size: 28px; }
      h2 small { display: block; font-size: 18px; font-weight: 400; color: var(--fd-muted); }
      .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin-bottom: 16px; }
      .field { border: 3px solid #d1d5db; border-radius: 12px; padding: 8px 12px; min-height: 72px; background: #f9fafb; cursor: pointer; text-align: left; font: inherit; }
      .field[aria-pressed='true'] { border-color: var(--fd-primary); background: #eff6ff; }
      .field .label { display: block; font-size: 16px; color: var(--fd-muted); }
      .field .value { display: block; font-size: 30px; font-weight: 700; letter-spacing: 4px; min-height: 36px; font-variant-numeric: tabular-nums; }
      .keys { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
      .keys big-button { height: 64px; --fd-touch: 64px; }
      .submit { margin-top: 12px; width: 100%; }
      .submit big-button { width: 100%; }
      .error { margin-top: 12px; font-size: 18px; }
      .expired { margin: 0 0 14px; padding: 10px 14px; border-radius: 12px; background: #fef3c7; color: #78350f; font-size: 20px; font-weight: 700; }
      .expired small { display: block; font-size: 16px; font-weight: 400; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale, sessionExpiredNotice);
  }

  override render() {
    const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
    const expired = sessionExpiredNotice.get();
    return html`<form class="card" @submit=${this._submit}>
      ${this._choosing
        ? html`<h2 data-choosing>${primary(choosing.title)} <small>${secondary(choosing.title)} · ${this._staff}</small></h2>
            <div class="fields">
              ${this._fieldButton('pin', `${primary(choosing.pin)} ${secondary(choosing.pin)}`, '●'.repeat(this._pin.length))}
              ${this._fieldButton('repeat', `${primary(choosing.repeat)} ${secondary(choosing.repeat)}`, '●'.repeat(this._repeat.length))}
            </div>`
        : html`<h2>${t('loginTitle')}</h2>
            ${expired
              ? html`<p class="expired" role="alert" data-session-expired>
                  ${t('sessionExpired')} · ${t('sessionExpiredEn')}
                  ${expired.pendingAction ? html`<small>${t('sessionReplay', { action: expired.pendingAction })}</small>` : nothing}
                </p>`
              : nothing}
            <div class="fields">
              ${this._fieldButton('staff', t('staffNumber'), this._staff)}
              ${this._fieldButton('pin', t('pin'), '●'.repeat(this._pin.length))}
            </div>`}
      <div class="keys">
        ${digits.map((d) => html`<big-button variant="neutral" data-key=${d} @click=${() => this._press(d)}>${d}</big-button>`)}
        <big-button variant="neutral" data-key="back" @click=${this._back}>⌫<span slot="sub">${t('backspace')}</span></big-button>
        <big-button variant="neutral" data-key="0" @click=${() => this._press('0')}>0</big-button>
        <big-button variant="neutral" data-key="next" @click=${() => (this._field = this._choosing ? 'repeat' : 'pin')}>→<span slot="sub">${t('pin')}</span></big-button>
      </div>
      <div class="submit">
        <big-button size="large" ?disabled=${this._busy || !this._staff || !this._pin || (this._choosing && !this._repeat)} @click=${this._submit}>${t('login')}</big-button>
      </div>
      ${this._error ? html`<p class="error" role="alert"><error-text .error=${this._error}></error-text></p>` : nothing}
    </form>`;
  }

  private _fieldButton(field: Field, label: string, value: string) {
    return html`<button type="button" class="field" name=${field} aria-pressed=${this._field === field} @click=${() => (this._field = field)}>
      <span class="label">${label}</span><span class="value">${value}</span>
    </button>`;
  }

  private _press(digit: string): void {
    this._error = null;
    if (this._field === 'staff') this._staff = (this._staff + digit).slice(0, 8);
    else if (this._field === 'repeat') this._repeat = (this._repeat + digit).slice(0, 12);
    else this._pin = (this._pin + digit).slice(0, 12);
  }

  private _back(): void {
    if (this._field === 'staff') this._staff = this._staff.slice(0, -1);
    else if (this._field === 'repeat') this._repeat = this._repeat.slice(0, -1);
    else this._pin = this._pin.slice(0, -1);
  }

  private async _submit(event?: Event): Promise<void> {
    event?.preventDefault();
    if (this._busy || !this._staff || !this._pin) return;
    if (this._choosing && this._pin !== this._repeat) {
      this._error = new ApiError(400, 'pin_mismatch', `${choosing.mismatch.zh} · ${choosing.mismatch.en}`);
      this._pin = this._repeat = '';
      this._field = 'pin';
      return;
    }
    this._busy = true;
    this._error = null;
    try {
      const session = this._choosing ? await choosePin(this._staff, this._pin) : await login(this._staff, this._pin);
      this._pin = this._repeat = '';
      this._choosing = false;
      sessionExpiredNotice.set(null);
      fire(this, 'staff-logged-in', session);
    } catch (error) {
      // A reset PIN: the person chooses a new one now (the service says so with pin_not_set).
      if (error instanceof ApiError && error.code === 'pin_not_set') this._choosing = true;
      else this._error = error;
      this._pin = this._repeat = '';
      this._field = 'pin';
    } finally {
      this._busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'staff-login': StaffLogin;
  }
}
