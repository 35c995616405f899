import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { closeComplaint, listComplaints, openComplaint, type ComplaintView } from '../api/complaints.js';
import { reloadOn } from '../api/live-events.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import { deskForms, labelText, noticeBox, refusalBox, refusalOf, type Bilingual } from '../styles/desk-forms.js';
import '../components/big-button.js';

const text = {
  title: { zh: '投诉处理', en: 'Complaints' },
  open: { zh: '未结案投诉（报值班经理）', en: 'Open complaints (to the duty manager)' },
  none: { zh: '没有未结案的投诉', en: 'No open complaints' },
  new: { zh: '登记投诉（首问负责）', en: 'Take a complaint (you own it)' },
  what: { zh: '投诉内容（发生了什么）', en: 'What happened' },
  contact: { zh: '回访联系方式（电话或会员卡）', en: 'Contact for the callback (phone or card)' },
  solution: { zh: '与会员商定的解决办法', en: 'Solution agreed with the member' },
  doOpen: { zh: '登记投诉', en: 'Open the complaint' },
  opened: { zh: '投诉已登记，3天内回访', en: 'Complaint opened; call back within 3 days' },
  owner: { zh: '首问责任人', en: 'Owner' },
  callback: { zh: '回访期限', en: 'Call back by' },
  close: { zh: '结案', en: 'Close' },
  closing: { zh: '结案：写明根本原因和整改措施', en: 'Close: the root cause and the action taken' },
  cause: { zh: '根本原因', en: 'Root cause' },
  action: { zh: '整改措施', en: 'Action taken' },
  required: { zh: '结案必须填写', en: 'Needed to close' },
  doClose: { zh: '确认结案', en: 'Close the complaint' },
  closed: { zh: '投诉已结案', en: 'Complaint closed' },
  back: { zh: '返回', en: 'Back' },
};

type Field = 'what' | 'contact' | 'solution' | 'cause' | 'action';

/**
 * `/complaints` (staff): take a complaint (首问制: whoever takes it owns it until it is closed), the
 * duty manager's open list, and closing with the root cause and the action
 * (docs/domain.md#complaints); a close without them is shown on the empty field.
 */
@customElement('complaints-screen')
export class ComplaintsScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _open: ComplaintView[] = [];
  @state() private _closing: ComplaintView | null = null;
  @state() private _form: Partial<Record<Field, string>> = {};
  @state() private _fieldErrors: Partial<Record<Field, Bilingual>> = {};
  @state() private _notice: Bilingual | null = null;
  @state() private _refusal: ReturnType<typeof refusalOf> | null = null;
  @state() private _busy = false;
  @state() private _loaded = false;

  static override styles = [
    tokens,
    deskForms,
    css`
      .list { max-height: 650px; }
      li { display: flex; gap: 10px; align-items: center; }
      li .what { flex: 1; min-width: 0; }
      li .what b { font-size: 19px; display: block; overflow-wrap: anywhere; }
      li .what small { display: block; color: var(--fd-muted); font-size: 15px; }
      li.chosen { background: #eff6ff; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    reloadOn(this, ['complaint.*'], () => this._load());
  }

  private async _load(): Promise<void> {
    try {
      this._open = (await listComplaints('open')).complaints;
      this._loaded = true;
    } catch (error) {
      this._refusal = refusalOf(error);
    }
  }

  override render() {
    return html`<h2>${primary(text.title)} <small class="muted">${secondary(text.title)}</small></h2>
      <section class="panel">
        <h3>${labelText(text.open)} (<span data-open-count>${this._open.length}</span>)</h3>
        ${this._loaded && this._open.length === 0 ? html`<div class="empty">${primary(text.none)}</div>` : nothing}
        <ul class="list scroll">
          ${this._open.map(
            (c) => html`<li data-complaint=${c.id} class=${this._closing?.id === c.id ? 'chosen' : ''}>
              <div class="what">
                <b>${c.what}</b>
                <small>${c.openedAt.slice(5, 16).replace('T', ' ')} · ${primary(text.owner)} ${c.owner.name}（${c.owner.number}）· ${primary(text.callback)} ${c.callback.dueAt.slice(5, 16).replace('T', ' ')}</small>
                ${c.solution ? html`<small>${primary(text.solution)}：${c.solution}</small>` : nothing}
              </div>
              <big-button variant="neutral" data-action="start-close" @click=${() => this._startClosing(c)}>${primary(text.close)}</big-button>
            </li>`,
          )}
        </ul>
      </section>
      <aside class="panel">${this._closing ? this._closeForm(this._closing) : this._openForm()} ${noticeBox(this._notice)} ${refusalBox(this._refusal)}</aside>`;
  }

  private _startClosing(c: ComplaintView): void {
    this._closing = c;
    this._form = {};
    this._fieldErrors = {};
    this._notice = null;
    this._refusal = null;
  }

  private _field(name: Field, label: Bilingual, rows = false) {
    const error = this._fieldErrors[name];
    const set = (e: Event) => {
      this._form = { ...this._form, [name]: (e.target as HTMLInputElement).value };
      if (error) this._fieldErrors = { ...this._fieldErrors, [name]: undefined };
    };
    return html`<label>${labelText(label)}
      ${rows
        ? html`<textarea name=${name} maxlength="2000" aria-invalid=${error ? 'true' : 'false'} .value=${this._form[name] ?? ''} @input=${set}></textarea>`
        : html`<input name=${name} maxlength="120" autocomplete="off" aria-invalid=${error ? 'true' : 'false'} .value=${this._form[name] ?? ''} @input=${set} />`}
      ${error ? html`<div class="field-error" data-field-error=${name}>${primary(error)} · ${secondary(error)}</div>` : nothing}
    </label>`;
  }

  private _openForm() {
    return html`<h3>${labelText(text.new)}</h3>
      ${this._field('what', text.what, true)} ${this._field('contact', text.contact)} ${this._field('solution', text.solution, true)}
      <big-button size="large" data-action="open" ?disabled=${!this._form.what?.trim() || this._busy} @click=${() => this._openComplaint()}>${primary(text.doOpen)}<span slot="sub">${secondary(text.doOpen)}</span></big-button>`;
  }

  private _closeForm(c: ComplaintView) {
    return html`<h3 data-closing=${c.id}>${labelText(text.closing)}</h3>
      <div class="muted">${c.what}</div>
      ${this._field('cause', text.cause, true)} ${this._field('action', text.action, true)} ${c.solution ? nothing : this._field('solution', text.solution, true)}
      <div class="row">
        <big-button variant="neutral" data-action="back" @click=${() => ((this._closing = null), (this._form = {}), (this._fieldErrors = {}))}>${primary(text.back)}</big-button>
        <big-button data-action="close" ?disabled=${this._busy} @click=${() => this._close(c)}>${primary(text.doClose)}<span slot="sub">${secondary(text.doClose)}</span></big-button>
      </div>`;
  }

  private async _run(action: () => Promise<Bilingual>): Promise<void> {
    if (this._busy) return;
    this._busy = true;
    this._notice = null;
    this._refusal = null;
    try {
      this._notice = await action();
      this._form = {};
      this._closing = null;
      await this._load();
    } catch (error) {
      const refusal = refusalOf(error);
      // The service's 400 for a close without cause or action goes on the empty field(s).
      if (refusal.code === 'cause_and_action_required') {
        this._fieldErrors = Object.fromEntries((['cause', 'action'] as const).filter((f) => !this._form[f]?.trim()).map((f) => [f, text.required]));
      } else this._refusal = refusal;
    } finally {
      this._busy = false;
    }
  }

  private _openComplaint(): Promise<void> {
    const f = this._form;
    return this._run(async () => {
      await openComplaint({ what: f.what!.trim(), ...(f.contact?.trim() ? { contact: f.contact.trim() } : {}), ...(f.solution?.trim() ? { solution: f.solution.trim() } : {}) });
      return text.opened;
    });
  }

  private _close(c: ComplaintView): Promise<void> {
    const f = this._form;
    // Sent as typed, blank included: the service decides what a close needs (and says so).
    return this._run(async () => {
      await closeComplaint(c.id, { cause: f.cause?.trim() ?? '', action: f.action?.trim() ?? '', ...(f.solution?.trim() ? { solution: f.solution.trim() } : {}) });
      return text.closed;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'complaints-screen': ComplaintsScreen;
  }
}
