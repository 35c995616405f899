import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { locale, t, toggleLocale } from '../i18n/index.js';
import { watch } from '../lib/subscription-controller.js';
import './big-button.js';

/** The zh-CN / English switch: shows the language you would switch to. */
@customElement('lang-toggle')
export class LangToggle extends LitElement {
  static override styles = css`
    :host { display: inline-block; }
  `;

  constructor() {
    super();
    watch(this, locale);
  }

  override render() {
    return html`<big-button variant="ghost" lang=${locale.get() === 'zh-CN' ? 'en' : 'zh-CN'} @click=${toggleLocale}
      >${t('langToggle')}</big-button
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lang-toggle': LangToggle;
  }
}
