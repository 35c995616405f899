import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { primary, secondary } from '../i18n/index.js';
import { tokens } from '../styles/shared.js';
import './big-button.js';

/** `card-swiped` detail: the card number and whether a reader swiped it or a person typed it. */
export interface CardSwipe {
  card: string;
  source: 'swipe' | 'typed';
}

interface Burst {
  chars: string;
  gaps: number[];
  last: number;
  /** The field the wedge is typing into and its value before the burst, to undo the typing. */
  target: HTMLInputElement | HTMLTextAreaElement | null;
  before: string;
}

/**
 * Reads a keyboard-wedge card reader (node-hid cannot open keyboard-class readers): the reader
 * "types" the number in a few milliseconds and presses Enter, a person types at 80 ms+ per key.
 * A burst of at least `minLength` characters, every gap ≤ `maxGapMs`, ending in Enter is a swipe —
 * wherever the focus is (what it typed into another field is taken back out). Staff can also
 * type the number into the field and press Enter or OK. Fires `card-swiped` {card, source}.
 */
@customElement('card-swipe')
export class CardSwipeElement extends LitElement {
  @property() label: { zh: string; en: string } = { zh: '请刷卡或输入卡号', en: 'Swipe or type the card number' };
  @property({ type: Number }) maxGapMs = 40;
  @property({ type: Number }) minLength = 4;
  @property({ type: Boolean }) disabled = false;
  @state() private _value = '';
  @state() private _flash = '';
  private _burst: Burst | null = null;

  static override styles = [
    tokens,
    css`
      :host { display: block; }
      .row { display: flex; gap: 10px; align-items: stretch; min-width: 0; }
      big-button { flex: none; }
      input { flex: 1; min-width: 0; width: 100%; min-height: 64px; font: inherit; font-size: 28px; letter-spacing: 2px; padding: 8px 14px; border-radius: 12px; border: 3px dashed #93c5fd; background: #eff6ff; }
      input:focus { outline: none; border-style: solid; border-color: var(--fd-primary); }
      .label { font-size: 18px; margin-bottom: 6px; }
      .flash { color: var(--fd-ok); font-weight: 700; min-height: 1.4em; font-size: 18px; }
    `,
  ];

  private readonly _onKeyDown = (e: KeyboardEvent) => this._key(e);

  override connectedCallback(): void {
    super.connectedCallback();
    // Capture phase on the document: the reader types wherever the focus happens to be.
    document.addEventListener('keydown', this._onKeyDown, true);
  }

  override disconnectedCallback(): void {
    document.removeEventListener('keydown', this._onKeyDown, true);
    super.disconnectedCallback();
  }

  override render() {
    return html`<div class="label">${primary(this.label)} <small class="muted">${secondary(this.label)}</small></div>
      <div class="row">
        <input
          part="input"
          autocomplete="off"
          spellcheck="false"
          maxlength="64"
          aria-label=${primary(this.label)}
          ?disabled=${this.disabled}
          .value=${this._value}
          @input=${(e: Event) => (this._value = (e.target as HTMLInputElement).value)}
        />
        <big-button variant="neutral" ?disabled=${this.disabled || !this._value.trim()} @click=${() => this._submitTyped()}>${primary({ zh: '确定', en: 'OK' })}</big-button>
      </div>
      <div class="flash" role="status">${this._flash}</div>`;
  }

  /** Clears the typed number (after the screen acted on it). */
  clear(): void {
    this._value = '';
  }

  private _key(e: KeyboardEvent): void {
    if (this.disabled || e.ctrlKey || e.altKey || e.metaKey) return;
    const now = e.timeStamp || performance.now();
    if (e.key === 'Enter') {
      const burst = this._burst;
      this._burst = null;
      if (burst && this._isSwipe(burst)) {
        e.preventDefault();
        e.stopPropagation();
        if (burst.target) burst.target.value = burst.before; // take the reader's typing back out
        if (burst.target) burst.target.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        this._value = '';
        this._emit(burst.chars, 'swipe');
        return;
      }
      if (this._isOurInput(e)) {
        e.preventDefault();
        this._submitTyped();
      }
      return;
    }
    if (e.key.length !== 1 || !/[0-9A-Za-z_-]/.test(e.key)) {
      this._burst = null;
      return;
    }
    const b = this._burst;
    if (b && now - b.last <= this.maxGapMs) {
      b.gaps.push(now - b.last);
      b.chars += e.key;
      b.last = now;
    } else {
      const target = editableTarget(e);
      this._burst = { chars: e.key, gaps: [], last: now, target, before: target?.value ?? '' };
    }
  }

  private _isSwipe(b: Burst): boolean {
    return b.chars.length >= this.minLength && b.gaps.every((g) => g <= this.maxGapMs);
  }

  private _isOurInput(e: KeyboardEvent): boolean {
    return e.composedPath().includes(this.renderRoot.querySelector('input') as EventTarget);
  }

  private _submitTyped(): void {
    const card = this._value.trim();
    if (!card) return;
    this._emit(card, 'typed');
  }

  private _emit(card: string, source: CardSwipe['source']): void {
    this._flash = source === 'swipe' ? `${primary({ zh: '已读卡', en: 'Card read' })} …${card.slice(-4)}` : '';
    this.dispatchEvent(new CustomEvent<CardSwipe>('card-swiped', { detail: { card: card.toUpperCase(), source }, bubbles: true, composed: true }));
  }
}

function editableTarget(e: KeyboardEvent): HTMLInputElement | HTMLTextAreaElement | null {
  const el = e.composedPath()[0];
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null;
}

declare global {
  interface HTMLElementTagNameMap {
    'card-swipe': CardSwipeElement;
  }
  interface HTMLElementEventMap {
    'card-swiped': CustomEvent<CardSwipe>;
  }
}
