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

/** The newest alert acknowledged on this terminal (its time), kept across screens and reloads. */
const SEEN_KEY = 'frontdesk.alertsSeenUpTo';

function readSeen(): string {
  try {
    return localStorage.getItem(SEEN_KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * The duty manager's alerts (unsatisfied ratings, streaks, long waits, device faults, follow-ups
 * nearly due, complaints opened) on staff screens: one line, the newest not yet acknowledged on
 * this terminal and how many more; read on ratings and complaints, and every 15 s for the others.
 */
@customElement('alerts-strip')
export class AlertsStrip extends LitElement {
  @state() private _alerts: AlertView[] = [];
  @state() private _seenUpTo = readSeen();

  static override styles = css`
    :host { display: block; }
    div { display: flex; gap: 10px; align-items: center; padding: 0 0 0 14px; overflow: hidden; background: #fef2f2; border: 1px solid #fecaca; border-radius: 10px; font-size: 16px; color: #7f1d1d; min-height: 48px; }
    time { font-variant-numeric: tabular-nums; color: #991b1b; font-weight: 600; }
    .message { flex: 1; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .more { color: #991b1b; white-space: nowrap; }
    /* The acknowledge button is the strip's right end: a full-height 48 px touch target. */
    button { align-self: stretch; font: inherit; font-size: 15px; border: none; border-left: 1px solid #fecaca; background: #fff; color: #7f1d1d; border-radius: 0 10px 10px 0; padding: 0 18px; min-height: 48px; cursor: pointer; white-space: nowrap; }
  `;

  constructor() {
    super();
    watch(this, locale);
    every(this, 15_000, () => void this._load());
    new SubscriptionController(this, () => {
      void this._load();
      return liveEvents.subscribe('alert.*', () => void this._load());
    });
  }

  private async _load(): Promise<void> {
    try {
      this._alerts = (await request<{ alerts: AlertView[] }>('GET', '/api/alerts', undefined, { auth: true })).alerts;
    } catch {
      /* not logged in or the service is away: the screen itself says so */
    }
  }

  private _acknowledge(upTo: string): void {
    this._seenUpTo = upTo;
    try {
      localStorage.setItem(SEEN_KEY, upTo);
    } catch {
      /* storage disabled: acknowledged for this page only */
    }
  }

  override render() {
    const shown = this._alerts.filter((a) => Date.now() - Date.parse(a.at) < SHOWN_FOR_MS && a.at > this._seenUpTo);
    if (shown.length === 0) return nothing;
    const en = locale.get() === 'en';
    const part = (message: string) => {
      const [zh, english] = message.split(' · ');
      return en ? (english ?? zh) : zh;
    };
    const newest = shown[0];
    return html`<div role="alert" data-alerts>
      <time>${new Date(newest.at).toLocaleTimeString(locale.get(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: cachedPublicConfig()?.site.timezone })}</time>
      <span class="message" data-alert=${newest.kind} title=${part(newest.message)}>${part(newest.message)}</span>
      ${shown.length > 1 ? html`<span class="more">${en ? `+${shown.length - 1} more` : `另有 ${shown.length - 1} 条`}</span>` : nothing}
      <button data-ack @click=${() => this._acknowledge(newest.at)}>${en ? 'Acknowledge' : '知道了'}</button>
    </div>`;
  }
}
declare global {
  interface HTMLElementTagNameMap {
    'alerts-strip': AlertsStrip;
  }
}
