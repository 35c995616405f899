import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { primary, secondary } from '../i18n/index.js';
import { tokens } from '../styles/shared.js';
import './big-button.js';

/**
 * The member signs here with a finger (touch), a stylus or a mouse: pointer events on a canvas.
 * Dark ink on a transparent canvas, so an untouched pad gives an all-empty PNG (the service
 * refuses a blank signature). `dataUrl()` is the PNG the suspend request carries; fires
 * `signature-changed` {empty} after each stroke and on clear.
 */
@customElement('signature-pad')
export class SignaturePad extends LitElement {
  @property() label: { zh: string; en: string } = { zh: '请会员本人在此签名', en: 'Member signs here' };
  @property({ type: Number }) width = 560;
  @property({ type: Number }) height = 180;
  @state() private _empty = true;
  private _drawing: { id: number; x: number; y: number } | null = null;

  static override styles = [
    tokens,
    css`
      :host { display: block; }
      .label { font-size: 17px; margin-bottom: 6px; }
      .pad { position: relative; border: 3px dashed #94a3b8; border-radius: 12px; background: #fff; touch-action: none; width: fit-content; max-width: 100%; }
      .pad.signed { border-style: solid; border-color: var(--fd-primary); }
      canvas { display: block; max-width: 100%; cursor: crosshair; touch-action: none; }
      .line { position: absolute; left: 16px; right: 16px; bottom: 36px; border-bottom: 1px solid #cbd5e1; pointer-events: none; }
      .hint { position: absolute; left: 18px; bottom: 8px; color: #94a3b8; font-size: 14px; pointer-events: none; }
      .row { display: flex; justify-content: flex-end; margin-top: 6px; }
    `,
  ];

  override render() {
    return html`<div class="label">${primary(this.label)} <small class="muted">${secondary(this.label)}</small></div>
      <div class="pad ${this._empty ? '' : 'signed'}">
        <canvas
          width=${this.width}
          height=${this.height}
          aria-label=${primary(this.label)}
          @pointerdown=${(e: PointerEvent) => this._down(e)}
          @pointermove=${(e: PointerEvent) => this._move(e)}
          @pointerup=${(e: PointerEvent) => this._up(e)}
          @pointercancel=${(e: PointerEvent) => this._up(e)}
        ></canvas>
        <div class="line"></div>
        <div class="hint">✍ ${primary({ zh: '签名', en: 'Signature' })}</div>
      </div>
      <div class="row"><big-button variant="ghost" data-action="clear-signature" ?disabled=${this._empty} @click=${() => this.clear()}>${primary({ zh: '重签', en: 'Clear' })}</big-button></div>`;
  }

  get empty(): boolean {
    return this._empty;
  }

  /** The drawing as a PNG data URL; null while nothing is drawn. */
  dataUrl(): string | null {
    return this._empty ? null : this._canvas.toDataURL('image/png');
  }

  clear(): void {
    this._canvas.getContext('2d')!.clearRect(0, 0, this.width, this.height);
    this._empty = true;
    this._changed();
  }

  private get _canvas(): HTMLCanvasElement {
    return this.renderRoot.querySelector('canvas')!;
  }

  /** Pointer position in canvas pixels (the canvas may be drawn smaller than its pixel size). */
  private _point(e: PointerEvent): { x: number; y: number } {
    const box = this._canvas.getBoundingClientRect();
    return { x: ((e.clientX - box.left) * this.width) / box.width, y: ((e.clientY - box.top) * this.height) / box.height };
  }

  private _down(e: PointerEvent): void {
    if (this._drawing) return;
    e.preventDefault();
    this._canvas.setPointerCapture(e.pointerId);
    const p = this._point(e);
    this._drawing = { id: e.pointerId, ...p };
    this._stroke(p, p);
  }

  private _move(e: PointerEvent): void {
    if (!this._drawing || e.pointerId !== this._drawing.id) return;
    const p = this._point(e);
    this._stroke(this._drawing, p);
    this._drawing = { id: e.pointerId, ...p };
  }

  private _up(e: PointerEvent): void {
    if (!this._drawing || e.pointerId !== this._drawing.id) return;
    this._drawing = null;
    this._changed();
  }

  private _stroke(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const ctx = this._canvas.getContext('2d')!;
    ctx.strokeStyle = '#0f172a';
    ctx.lineWidth = 3.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + (from.x === to.x && from.y === to.y ? 0.1 : 0), to.y);
    ctx.stroke();
    this._empty = false;
  }

  private _changed(): void {
    this.dispatchEvent(new CustomEvent('signature-changed', { detail: { empty: this._empty }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'signature-pad': SignaturePad;
  }
}
