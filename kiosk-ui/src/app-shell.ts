import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { currentSession, logout, sessionStore } from './api/session.js';
import { locale, primary, t } from './i18n/index.js';
import { on } from './lib/fire.js';
import { SubscriptionController, watch } from './lib/subscription-controller.js';
import { matchRoute, navigate, type RouteMatch } from './router.js';
import { screens } from './screens/index.js';
import { tokens } from './styles/shared.js';
import './components/lang-toggle.js';
import './components/staff-login.js';
import './components/unavailable-overlay.js';
import './screens/home-screen.js';

/** An element that receives the route's `:params`. */
type ScreenElement = HTMLElement & { params?: Record<string, string> };

/** Screens that show the duty manager's alerts to a logged-in manager (/desk shows them to all staff). */
const managerScreens = new Set(['/reports', '/settings', '/members', '/stats']);

/**
 * The app: routes `location.pathname` to a screen from screens/index.ts, lazy-loads its module,
 * asks staff to log in first where needed, draws the app bar for staff screens, and covers
 * everything with the "暂停服务" overlay while the service does not answer.
 */
@customElement('app-shell')
export class AppShell extends LitElement {
  @state() private _match: RouteMatch | null = null;
  @state() private _element: ScreenElement | null = null;
  @state() private _loadError = false;
  private _elementPath = '';

  static override styles = [
    tokens,
    css`
      :host { display: flex; flex-direction: column; min-height: 100vh; background: var(--fd-bg); }
      header { display: flex; align-items: center; gap: 16px; padding: 8px 16px; background: #0b2545; color: #fff; min-height: 64px; }
      header h1 { font-size: 24px; margin: 0; flex: 1; }
      header a { color: #fff; font-size: 18px; text-decoration: none; padding: 12px 8px; }
      header .who { font-size: 18px; opacity: 0.9; }
      main { flex: 1; display: flex; flex-direction: column; min-height: 0; }
      main > * { flex: 1; }
      main > alerts-strip, main > handover-open { flex: 0 0 auto; margin: 8px 16px 0; }
      main > handover-open.home { margin: 24px 32px 0; }
      @media print { main > alerts-strip { display: none; } }
      .loading { padding: 48px; font-size: 24px; text-align: center; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale, sessionStore);
    new SubscriptionController(this, () => {
      // _route handles its own failures (a screen that cannot load shows the load error).
      const route = () => void this._route();
      window.addEventListener('popstate', route);
      document.addEventListener('click', this._interceptLinks);
      const offNavigate = on(this, 'navigate', ({ path }) => navigate(path));
      route();
      return () => {
        window.removeEventListener('popstate', route);
        document.removeEventListener('click', this._interceptLinks);
        offNavigate();
      };
    });
  }

  /** Same-origin links (even inside shadow roots) navigate without reloading the page. */
  private readonly _interceptLinks = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || anchor.target || anchor.origin !== location.origin || anchor.hasAttribute('download')) return;
    event.preventDefault();
    navigate(anchor.pathname);
  };

  private async _route(): Promise<void> {
    const path = location.pathname;
    const match = matchRoute(screens, path);
    this._match = match;
    this._loadError = false;
    const entry = match?.entry;
    document.title = entry ? `${primary(entry.title)} · ${t('appTitle')}` : t('appTitle');
    if (!match || !entry) {
      this._element = null;
      this._elementPath = '';
      return;
    }
    if (this._elementPath === path && this._element) return;
    this._element = null;
    try {
      await entry.load();
    } catch {
      if (location.pathname === path) this._loadError = true;
      return;
    }
    if (location.pathname !== path) return; // navigated away while loading
    const element = document.createElement(entry.tag) as ScreenElement;
    element.params = match.params;
    this._element = element;
    this._elementPath = path;
  }

  override render() {
    const entry = this._match?.entry;
    const needsLogin = !!entry?.staff && !currentSession();
    const body = !this._match
      ? html`<home-screen></home-screen>`
      : needsLogin
        ? html`<staff-login @staff-logged-in=${() => this.requestUpdate()}></staff-login>`
        : this._loadError
          ? html`<p class="loading">${t('errUnreachable')}</p>`
          : (this._element ?? html`<p class="loading">${t('loading')}</p>`);
    return html`${entry?.fullscreen ? nothing : this._header()}
      <main>${needsLogin || !entry ? nothing : this._alerts(entry.path)}${needsLogin ? nothing : this._handover(entry?.path ?? '/')}${body}</main>
      <unavailable-overlay></unavailable-overlay>`;
  }

  /** The duty manager's alerts: on /desk for all staff, on the manager screens for a manager. */
  private _alerts(path: string) {
    const manager = currentSession()?.staff.roles.includes('manager') ?? false;
    if (!(path === '/desk' || (manager && managerScreens.has(path)))) return nothing;
    void import('./components/alerts-strip.js'); // loaded only where shown: the kiosk never pays for it
    return html`<alerts-strip></alerts-strip>`;
  }

  /** The incoming shift's first screen shows what is still open from the last handover: /desk, and home once logged in. */
  private _handover(path: string) {
    if (!currentSession() || (path !== '/desk' && path !== '/')) return nothing;
    void import('./components/handover-open.js');
    return html`<handover-open class=${path === '/' ? 'home' : ''}></handover-open>`;
  }

  private _header() {
    const entry = this._match?.entry;
    const session = currentSession();
    return html`<header>
      <a href="/">${t('home')}</a>
      <h1>${entry ? primary(entry.title) : t('appTitle')}</h1>
      ${session
        ? html`<span class="who">${t('loggedInAs', { name: session.staff.name, number: session.staff.number })}</span>
            <big-button variant="ghost" @click=${logout}>${t('logout')}</big-button>`
        : nothing}
      <lang-toggle></lang-toggle>
    </header>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-shell': AppShell;
  }
}
