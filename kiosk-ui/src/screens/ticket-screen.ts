import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

@customElement('ticket-screen')
export class TicketScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  override render() {
    return html`<p>ticket</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ticket-screen': TicketScreen;
  }
}
