import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

@customElement('board-screen')
export class BoardScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  override render() {
    return html`<p>board</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'board-screen': BoardScreen;
  }
}
