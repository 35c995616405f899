import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { serverReachable } from '../api/connectivity.js';
import { request } from '../api/http.js';
import { tIn } from '../i18n/index.js';
import { SubscriptionController, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';

/**
 * The polite "暂停服务 / temporarily unavailable" cover shown while the service does not answer.
 * It is in the main bundle (a kiosk that lost its server cannot load code) and probes
 * /api/health every few seconds until the service is back.
 */
@customElement('unavailable-overlay')
export class UnavailableOverlay extends LitElement {
  static override styles = [
    tokens,
    css`
      :host { position: fixed; inset: 0; z-index: 1000; pointer-events: none; }
      .cover { pointer-events: auto; position: absolute; inset: 0; background: rgb(15 23 42 / 0.92); color: #fff; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 16px; text-align: center; padding: 32px; }
      h1 { font-size: 64px; margin: 0; }
      p { font-size: 28px; margin: 0; max-width: 900px; line-height: 1.5; }
      .en { font-size: 22px; opacity: 0.8; }
    `,
  ];

  constructor() {
    super();
    watch(this, serverReachable);
    new SubscriptionController(this, () => {
      const timer = setInterval(() => {
        if (!serverReachable.get()) request('GET', '/api/health').catch(() => undefined);
      }, 4000);
      return () => clearInterval(timer);
    });
  }

  override render() {
    if (serverReachable.get()) return nothing;
    return html`<div class="cover" role="alert">
      <h1>${tIn('zh-CN', 'unavailableTitle')}</h1>
      <p>${tIn('zh-CN', 'unavailableBody')}</p>
      <p class="en">${tIn('en', 'unavailableTitle')} — ${tIn('en', 'unavailableBody')}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'unavailable-overlay': UnavailableOverlay;
  }
}
