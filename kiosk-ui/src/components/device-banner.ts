import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { deviceStates, followDevices } from '../api/devices.js';
import type { DeviceState } from '../api/types.js';
import { locale, primary, t, type StringKey } from '../i18n/index.js';
import { SubscriptionController, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import { deviceAdvice } from './device-advice.js';

const deviceNames: Record<string, StringKey> = {
  printer: 'devicePrinter',
  panel: 'devicePanel',
  audio: 'deviceAudio',
  mqtt: 'deviceMqtt',
};

const stateNames: Record<Exclude<DeviceState, 'ok'>, StringKey> = {
  degraded: 'stateDegraded',
  fault: 'stateFault',
  offline: 'stateOffline',
};

/**
 * Shows devices that are not ok (from /api/health, kept live by `device` events). `discreet`
 * makes it a small corner line (hall board); otherwise a full-width staff banner.
 * `devices="printer,panel"` limits it to some devices.
 */
@customElement('device-banner')
export class DeviceBanner extends LitElement {
  @property({ type: Boolean, reflect: true }) discreet = false;
  @property() devices = '';

  static override styles = [
    tokens,
    css`
      :host { display: block; }
      .banner { display: flex; flex-wrap: wrap; gap: 8px 20px; padding: 10px 16px; background: #fef3c7; color: #78350f; font-size: 18px; font-weight: 600; border-bottom: 2px solid #f59e0b; }
      .fault { color: var(--fd-danger); }
      :host([discreet]) .banner { background: transparent; border: 0; padding: 4px 8px; font-size: 16px; font-weight: 400; color: #fcd34d; }
      :host([discreet]) .fault { color: #fca5a5; }
      .detail { font-weight: 400; opacity: 0.85; }
    `,
  ];

  constructor() {
    super();
    watch(this, deviceStates, locale);
    new SubscriptionController(this, followDevices);
  }

  override render() {
    const only = this.devices ? this.devices.split(',').map((d) => d.trim()) : null;
    const problems = Object.entries(deviceStates.get()).filter(
      ([id, status]) => status.state !== 'ok' && !status.disabled && (!only || only.includes(id)),
    );
    if (problems.length === 0) return nothing;
    return html`<div class="banner" role="status">
      ${problems.map(([id, status]) => {
        const state = status.state as Exclude<DeviceState, 'ok'>;
        const name = deviceNames[id] ? t(deviceNames[id]) : id;
        const advice = deviceAdvice(id, status);
        // Staff see what to do; the hall board only that something is being looked after.
        return this.discreet || !advice
          ? html`<span class=${state === 'degraded' ? '' : 'fault'}>⚠ ${name}：${t(stateNames[state] ?? 'stateFault')}</span>`
          : html`<span class=${state === 'degraded' ? '' : 'fault'} title=${status.detail ?? ''} data-advice=${id}>⚠ ${primary(advice)}</span>`;
      })}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'device-banner': DeviceBanner;
  }
}
