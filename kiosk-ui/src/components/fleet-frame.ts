import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fleetLogin, fleetLogout, fleetSession } from '../api/fleet.js';
import type { Bilingual } from '../api/types.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import './big-button.js';
import './error-text.js';
import './lang-toggle.js';

const text = {
  title: { zh: '门店总览', en: 'All sites' },
  overview: { zh: '总览', en: 'Overview' },
  reports: { zh: '跨店报表', en: 'Reports' },
  login: { zh: '店长登录', en: 'Manager login' },
  user: { zh: '账号', en: 'User' },
  password: { zh: '密码', en: 'Password' },
  submit: { zh: '登录', en: 'Log in' },
  logout: { zh: '退出', en: 'Log out' },
  allSites: { zh: '全部门店', en: 'all sites' },
  sites: { zh: '{n} 家门店', en: '{n} sites' },
  live: { zh: '实时', en: 'Live' },
  reconnecting: { zh: '正在重连…', en: 'Reconnecting…' },
} satisfies Record<string, Bilingual>;

export type FleetTab = 'overview' | 'reports' | 'site';

/**
 * The manager dashboard's frame: its bar (tabs, who is logged in, live state, language) and the
 * login. The slotted screen is shown only with a manager session; a lockout after repeated wrong
 * passwords shows central's own sentence (it names when to try again).
 */
@customElement('fleet-frame')
export class FleetFrame extends LitElement {
  @property() tab: FleetTab = 'overview';
  /** Whether the live stream is connected (null: the screen has none). */
  @property({ attribute: false }) live: boolean | null = null;
  @state() private _user = '';
  @state() private _password = '';
  @state() private _busy = false;
  @state() private _error: unknown = null;

  static override styles = [
    tokens,
    css`
      :host { display: flex; flex-direction: column; min-height: 100vh; background: var(--fd-bg); }
      header { display: flex; align-items: center; gap: 12px; padding: 6px 20px; background: #0b2545; color: #fff; min-height: 60px; }
      header h1 { font-size: 22px; margin: 0 16px 0 0; white-space: nowrap; }
      nav { display: flex; gap: 4px; flex: 1; }
      nav a { color: #dbeafe; font-size: 18px; text-decoration: none; padding: 0 16px; min-height: 48px; display: flex; align-items: center; border-radius: 10px; }
      nav a[aria-current='page'] { background: rgb(255 255 255 / 0.16); color: #fff; font-weight: 700; }
      .who { font-size: 16px; opacity: 0.9; white-space: nowrap; }
      .live { font-size: 15px; padding: 4px 10px; border-radius: 999px; white-space: nowrap; }
      .live[data-live='true'] { background: #166534; }
      .live[data-live='false'] { background: #92400e; }
      main { flex: 1; display: flex; flex-direction: column; min-height: 0; }
      form { margin: 64px auto; background: var(--fd-surface); border-radius: 20px; padding: 28px 32px; box-shadow: 0 4px 18px rgb(0 0 0 / 0.1); width: 440px; display: grid; gap: 16px; }
      form h2 { margin: 0; font-size: 28px; }
      form h2 small { display: block; font-size: 18px; font-weight: 400; color: var(--fd-muted); }
      label { display: grid; gap: 6px; font-size: 18px; }
      input { font: inherit; font-size: 22px; padding: 10px 12px; min-height: 52px; border: 2px solid #d1d5db; border-radius: 12px; }
      input:focus { outline: 3px solid #93c5fd; border-color: var(--fd-primary); }
      .error { font-size: 18px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale, fleetSession);
  }

  override render() {
    const session = fleetSession.get();
    return html`<header>
        <h1>${primary(text.title)}</h1>
        ${session
          ? html`<nav>
                <a href="/fleet" aria-current=${this.tab === 'overview' ? 'page' : 'false'}>${primary(text.overview)}</a>
                <a href="/fleet/reports" aria-current=${this.tab === 'reports' ? 'page' : 'false'}>${primary(text.reports)}</a>
              </nav>
              ${this.live === null ? nothing : html`<span class="live" data-live=${String(this.live)}>${primary(this.live ? text.live : text.reconnecting)}</span>`}
              <span class="who" data-user>${session.user} · ${session.sites.includes('*') ? primary(text.allSites) : primary(text.sites).replace('{n}', String(session.sites.length))}</span>
              <big-button variant="ghost" data-action="logout" @click=${fleetLogout}>${primary(text.logout)}</big-button>`
          : html`<nav></nav>`}
        <lang-toggle></lang-toggle>
      </header>
      <main>${session ? html`<slot></slot>` : this._login()}</main>`;
  }

  private _login() {
    return html`<form @submit=${this._submit}>
      <h2>${primary(text.login)} <small>${secondary(text.login)}</small></h2>
      <label>${primary(text.user)} <input name="user" autocomplete="username" .value=${this._user} @input=${(e: Event) => (this._user = (e.target as HTMLInputElement).value)} /></label>
      <label>${primary(text.password)} <input name="password" type="password" autocomplete="current-password" .value=${this._password} @input=${(e: Event) => (this._password = (e.target as HTMLInputElement).value)} /></label>
      ${this._error ? html`<div class="error" role="alert"><error-text .error=${this._error}></error-text></div>` : nothing}
      <button type="submit" hidden aria-label=${primary(text.submit)}></button>
      <big-button data-action="login" ?disabled=${this._busy || !this._user || !this._password} @click=${this._submit}>${primary(text.submit)}</big-button>
    </form>`;
  }

  private readonly _submit = async (event: Event) => {
    event.preventDefault();
    if (this._busy || !this._user || !this._password) return;
    this._busy = true;
    try {
      await fleetLogin(this._user, this._password);
      this._password = '';
      this._error = null;
    } catch (error) {
      this._error = error;
    } finally {
      this._busy = false;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'fleet-frame': FleetFrame;
  }
}
