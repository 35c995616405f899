import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { readableError } from '../api/error-message.js';
import { locale } from '../i18n/index.js';
import { watch } from '../lib/subscription-controller.js';

/**
 * An error as words for the screen, phrased when drawn (not when it happened), so it follows the
 * language toggle. Screens keep the thrown error and render `<error-text .error=${e}>`.
 */
@customElement('error-text')
export class ErrorText extends LitElement {
  @property({ attribute: false }) error: unknown = null;

  /** Drawn in the light DOM: the sentence is part of its alert's text (and the host's `.error small` style applies). */
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  constructor() {
    super();
    watch(this, locale);
  }

  override render() {
    if (this.error === null || this.error === undefined) return nothing;
    const { text, detail } = readableError(this.error);
    return html`${text}${detail ? html`<small>${detail}</small>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'error-text': ErrorText;
  }
}
