import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import QRCode from 'qrcode';

/** A QR code of `value`, drawn client-side as an SVG image (import it only from screens that need it). */
@customElement('qr-code')
export class QrCode extends LitElement {
  @property() value = '';
  @state() private _src = '';

  static override styles = css`
    :host { display: inline-block; width: 200px; height: 200px; background: #fff; }
    img { width: 100%; height: 100%; image-rendering: pixelated; display: block; }
  `;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('value')) void this._draw(this.value);
  }

  private async _draw(value: string): Promise<void> {
    if (!value) {
      this._src = '';
      return;
    }
    const svg = await QRCode.toString(value, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    if (value === this.value) this._src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  }

  override render() {
    return this._src ? html`<img alt=${this.value} src=${this._src} />` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qr-code': QrCode;
  }
}
