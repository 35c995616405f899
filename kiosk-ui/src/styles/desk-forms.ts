import { css, html, nothing } from 'lit';
import { ApiError } from '../api/http.js';
import { readableError } from '../api/error-message.js';
import { primary, secondary } from '../i18n/index.js';
import type { Bilingual } from '../api/types.js';

/** The look the desk's form screens share (bookings, guests, complaints, handover): panels, fields, lists. */
export const deskForms = css`
  :host { display: grid; grid-template-columns: minmax(0, 1fr) 520px; gap: 16px; padding: 12px 20px; align-items: start; align-content: start; }
  h2 { margin: 0; font-size: 28px; grid-column: 1 / -1; }
  h3 { margin: 4px 0 0; font-size: 21px; }
  .panel { background: var(--fd-surface); border-radius: 16px; padding: 14px 16px; box-shadow: 0 2px 8px rgb(0 0 0 / 0.08); display: flex; flex-direction: column; gap: 10px; min-width: 0; }
  label { display: block; font-size: 17px; }
  input, textarea, select { display: block; box-sizing: border-box; width: 100%; min-height: 52px; font: inherit; font-size: 20px; padding: 6px 12px; border-radius: 10px; border: 2px solid #d1d5db; margin-top: 4px; }
  textarea { min-height: 84px; resize: vertical; }
  input[aria-invalid='true'], textarea[aria-invalid='true'] { border-color: var(--fd-danger); }
  .field-error { color: var(--fd-danger); font-size: 16px; font-weight: 600; margin-top: 2px; }
  .row { display: flex; gap: 8px; align-items: end; flex-wrap: wrap; }
  .row > * { flex: 1; min-width: 0; }
  .notice { padding: 10px 14px; border-radius: 12px; background: #dcfce7; color: #14532d; font-size: 19px; font-weight: 700; }
  .refusal { padding: 10px 14px; border-radius: 12px; background: #fee2e2; color: #7f1d1d; font-size: 19px; font-weight: 700; }
  .refusal small, .notice small { display: block; font-weight: 400; font-size: 16px; }
  .empty { color: var(--fd-muted); font-size: 18px; }
  ul { margin: 0; padding: 0; list-style: none; }
  li { padding: 8px 0; border-bottom: 1px solid #e5e7eb; font-size: 17px; }
  .tag { display: inline-block; padding: 1px 10px; border-radius: 999px; font-size: 15px; font-weight: 700; background: #e0e7ff; color: #3730a3; }
  .tag.bad { background: #fee2e2; color: #7f1d1d; }
  .tag.ok { background: #dcfce7; color: #14532d; }
  .scroll { overflow-y: auto; }
`;

export type { Bilingual };

/** The service's refusal ("中文 · English") as two lines, with its code for tests; anything else via readableError. */
export function refusalOf(error: unknown): { code: string; text: Bilingual } {
  if (error instanceof ApiError && error.message.includes(' · ')) {
    const [zh, ...en] = error.message.split(' · ');
    return { code: error.code, text: { zh, en: en.join(' · ') } };
  }
  const r = readableError(error);
  return { code: error instanceof ApiError ? error.code : 'error', text: { zh: r.text, en: r.detail } };
}

/** A refusal box (role=alert), or nothing. */
export function refusalBox(refusal: { code: string; text: Bilingual } | null) {
  return refusal ? html`<div class="refusal" role="alert" data-code=${refusal.code}>${primary(refusal.text)}<small>${secondary(refusal.text)}</small></div>` : nothing;
}

/** A confirmation box (role=status), or nothing. */
export function noticeBox(notice: Bilingual | null) {
  return notice ? html`<div class="notice" role="status" data-notice>${primary(notice)}<small>${secondary(notice)}</small></div>` : nothing;
}

/** A field label in both languages. */
export function labelText(label: Bilingual) {
  return html`${primary(label)} <small class="muted">${secondary(label)}</small>`;
}
