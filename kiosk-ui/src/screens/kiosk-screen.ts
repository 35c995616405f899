import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

@customElement('kiosk-screen')
export class KioskScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  override render() {
    return html`<p>kiosk</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kiosk-screen': KioskScreen;
  }
}
