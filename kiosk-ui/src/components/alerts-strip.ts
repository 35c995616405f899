import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Alert as AlertView } from '../../../firmware-bridge/contract.js';
import { cachedPublicConfig } from '../api/config.js';
import { request } from '../api/http.js';
import { liveEvents } from '../api/live-events.js';
import { locale } from '../i18n/index.js';
import { SubscriptionController, every, watch } from '../lib/subscription-controller.js';

/** Alerts older than this leave the strip (they stay in GET /api/alerts). */
const SHOWN_FOR_MS = 2 * 3_600_000;

/**
 * The duty manager's alerts (unsatisfied ratings, streaks, long waits, device faults, follow-ups
 * nearly due), newest first, on staff screens: read on ratings, and every 15 s for the others.
 */
@customElement('alerts-strip')
export class AlertsStrip extends LitElement {
  @state() private _alerts: AlertView[] = [];
  @state() private _dismissedUpTo = '';

  static override styles = css`
    :host { display: block; }
    ul { list-style: none; margin: 0 0 10px; padding: 8px 14px; background: #fef2f2; border: 1px solid #fecaca; border-radius: 12px; display: flex; flex-direction: column; gap: 4px; }
    li { display: flex; gap: 10px; align-items: baseline; font-size: 17px; color: #7f1d1d; }
    time { font-variant-numeric: tabular-nums; color: #991b1b; font-weight: 600; }
    button { margin-left: auto; font: inherit; font-size: 15px; border: 1px solid #fca5a5; background: #fff; border-radius: 8px; padding: 4px 10px; min-height: 36px; cursor: pointer; }
  `;

  constructor() {
    super();
    watch(this, locale);
    every(this, 15_000, () => void this._load());
    new SubscriptionController(this, () => {
      void this._load();
      return liveEvents.subscribe('rating.*', () => void this._load());
    });
  }

  private async _load(): Promise<void> {
    try {
      this._alerts = (await request<{ alerts: AlertView[] }>('GET', '/api/alerts', undefined, { auth: true })).alerts;
    } catch {
      /* not logged in or the service is away: the screen itself says so */
    }
  }

  override render() {
    const shown = this._alerts.filter((a) => Date.now() - Date.parse(a.at) < SHOWN_FOR_MS && a.id > this._dismissedUpTo).slice(0, 3);
    if (shown.length === 0) return nothing;
    const part = (message: string) => {
      const [zh, en] = message.split(' · ');
      return locale.get() === 'en' ? (en ?? zh) : zh;
    };
    return html`<ul role="alert" data-alerts>
      ${shown.map(
        (a, i) => html`<li data-alert=${a.kind}>
          <time>${new Date(a.at).toLocaleTimeString(locale.get(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: cachedPublicConfig()?.site.timezone })}</time><span>${part(a.message)}</span>
          ${i === 0 ? html`<button @click=${() => (this._dismissedUpTo = shown[0].id)}>${locale.get() === 'en' ? 'Seen' : '知道了'}</button>` : nothing}
        </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'alerts-strip': AlertsStrip;
  }
}
