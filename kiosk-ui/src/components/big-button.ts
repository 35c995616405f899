import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { tokens } from '../styles/shared.js';

/**
 * A touch button, never smaller than 48 × 48 px. Main text in the default slot, an optional
 * second line (the other language, a count…) in slot "sub". Listen with @click on the element.
 */
@customElement('big-button')
export class BigButton extends LitElement {
  @property({ reflect: true }) variant: 'primary' | 'neutral' | 'ok' | 'warn' | 'danger' | 'ghost' = 'primary';
  @property({ reflect: true }) size: 'normal' | 'large' | 'huge' = 'normal';
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** For toggle buttons (one of a segmented choice): announced as pressed / not pressed. */
  @property({ attribute: false }) pressed: boolean | undefined = undefined;

  static override styles = [
    tokens,
    css`
      :host { display: inline-block; min-width: var(--fd-touch); color: inherit; }
      :host([disabled]) { pointer-events: none; }
      button {
        width: 100%; height: 100%;
        min-height: var(--fd-touch); min-width: var(--fd-touch);
        padding: 10px 22px;
        border: 2px solid transparent; border-radius: var(--fd-radius);
        font: inherit; font-size: 20px; font-weight: 700; line-height: 1.2;
        color: var(--fd-primary-text); background: var(--fd-primary);
        cursor: pointer;
        display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 4px;
        box-shadow: 0 2px 6px rgb(0 0 0 / 0.15);
        transition: transform 80ms ease, filter 80ms ease;
      }
      button:active { transform: scale(0.97); filter: brightness(0.92); }
      button:disabled { opacity: 0.45; box-shadow: none; cursor: default; }
      button:focus-visible { outline: 4px solid #f59e0b; outline-offset: 2px; }
      :host([size='large']) button { font-size: 28px; padding: 16px 28px; min-height: 88px; }
      :host([size='huge']) button { font-size: 42px; padding: 20px 16px; min-height: 120px; }
      :host([size='huge']) .main { white-space: nowrap; }
      :host([variant='neutral']) button { background: #e5e7eb; color: var(--fd-text); }
      :host([variant='ok']) button { background: var(--fd-ok); }
      :host([variant='warn']) button { background: var(--fd-warn); }
      :host([variant='danger']) button { background: var(--fd-danger); }
      :host([variant='ghost']) button { background: transparent; color: inherit; border-color: currentColor; box-shadow: none; }
      .sub { font-size: 0.6em; font-weight: 500; opacity: 0.9; }
      .sub:not(:has(*)):empty { display: none; }
    `,
  ];

  override render() {
    return html`<button part="button" ?disabled=${this.disabled} aria-pressed=${this.pressed === undefined ? nothing : String(this.pressed)}>
      <span class="main"><slot></slot></span><span class="sub"><slot name="sub"></slot></span>
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'big-button': BigButton;
  }
}
