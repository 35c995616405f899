import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { completeGuest, listGuests, registerGuest, type GuestView, type GuestsDay } from '../api/guests.js';
import { reloadOn } from '../api/live-events.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import { deskForms, labelText, noticeBox, refusalBox, refusalOf, type Bilingual } from '../styles/desk-forms.js';
import '../components/big-button.js';

const text = {
  title: { zh: '来访登记', en: 'Guests' },
  privacy: { zh: '来访者信息只保存在前台本机', en: 'Guest details stay on this desk only' },
  today: { zh: '今日来访', en: 'Today’s guests' },
  overdue: { zh: '超时未完成的登记', en: 'Records overdue' },
  none: { zh: '今天还没有来访登记', en: 'No guests registered today' },
  register: { zh: '登记来访', en: 'Register a guest' },
  name: { zh: '姓名', en: 'Name' },
  phone: { zh: '电话', en: 'Phone' },
  purpose: { zh: '来访事由', en: 'Purpose of the visit' },
  appointment: { zh: '预约（约了谁、几点）', en: 'Appointment (whom, when)' },
  referredBy: { zh: '介绍人', en: 'Referred by' },
  doRegister: { zh: '登记并交给当班销售', en: 'Register and hand to sales' },
  registered: { zh: '已登记，交给', en: 'Registered, handed to' },
  noSales: { zh: '现在没有当班销售', en: 'no sales person on duty' },
  sales: { zh: '接待销售', en: 'Sales' },
  due: { zh: '须完成于', en: 'complete by' },
  done: { zh: '已完成', en: 'Completed' },
  late: { zh: '超时', en: 'Overdue' },
  complete: { zh: '完成登记', en: 'Complete' },
  outcome: { zh: '来访结果', en: 'Outcome of the visit' },
  doComplete: { zh: '保存来访结果', en: 'Save the outcome' },
  back: { zh: '返回登记', en: 'Back to registering' },
  completed: { zh: '登记已完成', en: 'Record completed' },
};

type Field = 'name' | 'phone' | 'purpose' | 'appointment' | 'referredBy' | 'outcome';

/**
 * `/guests` (staff): the one-form guest registration (接待来访客户管理规定 4), handed to the sales person
 * on duty; today's guests with the records still to complete and the overdue ones
 * (docs/domain.md#guest-registration). The personal data is shown here and nowhere else.
 */
@customElement('guests-screen')
export class GuestsScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _day: GuestsDay | null = null;
  @state() private _form: Partial<Record<Field, string>> = {};
  @state() private _completing: GuestView | null = null;
  @state() private _notice: Bilingual | null = null;
  @state() private _refusal: ReturnType<typeof refusalOf> | null = null;
  @state() private _busy = false;

  static override styles = [
    tokens,
    deskForms,
    css`
      .lists { max-height: 650px; display: flex; flex-direction: column; gap: 8px; }
      li { display: flex; gap: 10px; align-items: center; }
      li .who { flex: 1; min-width: 0; }
      li .who b { font-size: 20px; }
      li .who small { display: block; color: var(--fd-muted); font-size: 15px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      li.late { border-left: 6px solid var(--fd-danger); padding-left: 8px; }
      .privacy { font-size: 15px; color: var(--fd-muted); }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    reloadOn(this, ['guest.*'], () => this._load());
  }

  private async _load(): Promise<void> {
    try {
      this._day = await listGuests();
    } catch (error) {
      this._refusal = refusalOf(error);
    }
  }

  override render() {
    const day = this._day;
    // Overdue records of earlier days are listed too; today's are marked in today's list.
    const earlier = day?.overdue.filter((g) => !day.guests.some((t) => t.id === g.id)) ?? [];
    return html`<h2>${primary(text.title)} <small class="muted">${secondary(text.title)}</small></h2>
      <section class="panel">
        <h3>${labelText(text.today)} (${day?.guests.length ?? 0})</h3>
        <div class="privacy">${primary(text.privacy)} · ${secondary(text.privacy)}</div>
        <div class="lists scroll">
          ${day && day.guests.length === 0 ? html`<div class="empty">${primary(text.none)}</div>` : nothing}
          <ul data-list="today">${day?.guests.map((g) => this._row(g))}</ul>
          ${earlier.length ? html`<h3>${labelText(text.overdue)}</h3><ul data-list="overdue">${earlier.map((g) => this._row(g))}</ul>` : nothing}
        </div>
      </section>
      <aside class="panel">${this._completing ? this._completionForm(this._completing) : this._registerForm()} ${noticeBox(this._notice)} ${refusalBox(this._refusal)}</aside>`;
  }

  private _row(g: GuestView) {
    const state = g.completedAt ? html`<span class="tag ok">${primary(text.done)}</span>` : g.overdue ? html`<span class="tag bad">${primary(text.late)}</span>` : nothing;
    return html`<li class=${g.overdue ? 'late' : ''} data-guest=${g.id} data-overdue=${String(g.overdue)}>
      <div class="who">
        <b>${g.name}</b> ${g.visitAt.slice(11, 16)} ${state}
        <small>${g.phone} · ${g.purpose}${g.appointment ? ` · ${g.appointment}` : ''}${g.referredBy ? ` · ${primary(text.referredBy)} ${g.referredBy}` : ''}</small>
        <small>${primary(text.sales)}：${g.sales ? `${g.sales.name}（${g.sales.number}）` : primary(text.noSales)}${g.completedAt ? ` · ${g.outcome ?? ''}` : ` · ${primary(text.due)} ${g.completeBy.slice(11, 16)}`}</small>
      </div>
      ${g.completedAt
        ? nothing
        : html`<big-button variant=${g.overdue ? 'danger' : 'neutral'} data-action="complete" @click=${() => this._startCompleting(g)}>${primary(text.complete)}</big-button>`}
    </li>`;
  }

  private _startCompleting(g: GuestView): void {
    this._completing = g;
    this._form = { purpose: g.purpose, appointment: g.appointment ?? '', referredBy: g.referredBy ?? '', outcome: '' };
    this._notice = null;
    this._refusal = null;
  }

  private _input(name: Field, label: Bilingual, type = 'text', max = 60) {
    return html`<label>${labelText(label)}
      <input type=${type} name=${name} maxlength=${max} autocomplete="off" .value=${this._form[name] ?? ''} @input=${(e: Event) => (this._form = { ...this._form, [name]: (e.target as HTMLInputElement).value })} />
    </label>`;
  }

  private _registerForm() {
    const f = this._form;
    const ready = !!(f.name?.trim() && f.phone?.trim() && f.purpose?.trim());
    return html`<h3>${labelText(text.register)}</h3>
      <div class="row">${this._input('name', text.name)} ${this._input('phone', text.phone, 'tel', 20)}</div>
      ${this._input('purpose', text.purpose, 'text', 200)} ${this._input('appointment', text.appointment, 'text', 120)} ${this._input('referredBy', text.referredBy)}
      <big-button size="large" data-action="register" ?disabled=${!ready || this._busy} @click=${() => this._register()}>${primary(text.doRegister)}<span slot="sub">${secondary(text.doRegister)}</span></big-button>`;
  }

  private _completionForm(g: GuestView) {
    return html`<h3 data-completing=${g.id}>${primary(text.complete)}：${g.name} <small class="muted">${g.visitAt.slice(11, 16)}</small></h3>
      <label>${labelText(text.outcome)}
        <textarea name="outcome" maxlength="500" .value=${this._form.outcome ?? ''} @input=${(e: Event) => (this._form = { ...this._form, outcome: (e.target as HTMLTextAreaElement).value })}></textarea>
      </label>
      ${this._input('purpose', text.purpose, 'text', 200)} ${this._input('appointment', text.appointment, 'text', 120)} ${this._input('referredBy', text.referredBy)}
      <div class="row">
        <big-button variant="neutral" data-action="back" @click=${() => ((this._completing = null), (this._form = {}))}>${primary(text.back)}</big-button>
        <big-button data-action="save-outcome" ?disabled=${!this._form.outcome?.trim() || this._busy} @click=${() => this._complete(g)}>${primary(text.doComplete)}<span slot="sub">${secondary(text.doComplete)}</span></big-button>
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
      this._completing = null;
      await this._load();
    } catch (error) {
      this._refusal = refusalOf(error);
    } finally {
      this._busy = false;
    }
  }

  private _register(): Promise<void> {
    const f = this._form;
    const optional = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
    return this._run(async () => {
      const { guest } = await registerGuest({ name: f.name!.trim(), phone: f.phone!.trim(), purpose: f.purpose!.trim(), appointment: optional(f.appointment), referredBy: optional(f.referredBy) });
      const to = guest.sales ? `${guest.sales.name}（${guest.sales.number}）` : '';
      return guest.sales ? { zh: `${text.registered.zh} ${to}`, en: `${text.registered.en} ${to}` } : { zh: `${text.registered.zh}：${text.noSales.zh}`, en: `${text.registered.en}: ${text.noSales.en}` };
    });
  }

  private _complete(g: GuestView): Promise<void> {
    const f = this._form;
    const orNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);
    return this._run(async () => {
      await completeGuest(g.id, { outcome: f.outcome!.trim(), ...(f.purpose?.trim() ? { purpose: f.purpose.trim() } : {}), appointment: orNull(f.appointment), referredBy: orNull(f.referredBy) });
      return { zh: `${text.completed.zh}：${g.name}`, en: `${text.completed.en}: ${g.name}` };
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'guests-screen': GuestsScreen;
  }
}
