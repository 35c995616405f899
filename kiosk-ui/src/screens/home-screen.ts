import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { locale, primary, secondary, t } from '../i18n/index.js';
import { watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import { screens } from './index.js';

/** `/`: every registered screen as a big tile (staff screens marked). */
@customElement('home-screen')
export class HomeScreen extends LitElement {
  static override styles = [
    tokens,
    css`
      :host { display: block; padding: 32px; }
      ul { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 20px; }
      a { display: flex; flex-direction: column; justify-content: center; min-height: 120px; padding: 20px 24px; background: var(--fd-surface); border-radius: 16px; box-shadow: 0 2px 10px rgb(0 0 0 / 0.08); color: var(--fd-text); text-decoration: none; }
      a:active { background: #eff6ff; }
      .name { font-size: 30px; font-weight: 700; }
      .sub { font-size: 18px; color: var(--fd-muted); }
      .staff { align-self: flex-start; margin-top: 8px; font-size: 14px; padding: 2px 8px; border-radius: 999px; background: #e0e7ff; color: #3730a3; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
  }

  override render() {
    return html`<ul>
      ${screens
        .filter((screen) => !screen.hidden)
        .map(
          (screen) => html`<li>
            <a href=${screen.path}>
              <span class="name">${primary(screen.title)}</span>
              <span class="sub">${secondary(screen.title)}</span>
              ${screen.staff ? html`<span class="staff">${t('staffOnly')}</span>` : ''}
            </a>
          </li>`,
        )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'home-screen': HomeScreen;
  }
}
