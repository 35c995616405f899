import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

@customElement('counter-screen')
export class CounterScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  override render() {
    return html`<p>counter</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'counter-screen': CounterScreen;
  }
}
