import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { book, cancelBooking, listBookings, type BookableClass, type BookingsDay } from '../api/bookings.js';
import { reloadOn } from '../api/live-events.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import { deskForms, noticeBox, refusalBox, refusalOf, type Bilingual } from '../styles/desk-forms.js';
import '../components/big-button.js';
import '../components/card-swipe.js';
import '../components/signature-pad.js';
import type { CardSwipe } from '../components/card-swipe.js';
import type { SignaturePad } from '../components/signature-pad.js';

const text = {
  title: { zh: '课程预订（当天）', en: 'Class bookings (today)' },
  opens: { zh: '当天课程预订开始时间', en: 'Booking opens at' },
  none: { zh: '今天没有可预订的课程', en: 'No bookable class today' },
  seats: { zh: '座位', en: 'Seats' },
  free: { zh: '空位', en: 'free' },
  waiting: { zh: '候补', en: 'waiting' },
  noShows: { zh: '未到', en: 'no-shows' },
  choose: { zh: '请先在左边选择课程', en: 'Choose a class on the left first' },
  swipe: { zh: '会员在前台刷卡（不接受电话预订）', en: 'Card swiped at the desk (no phone bookings)' },
  card: { zh: '卡号', en: 'Card' },
  swiped: { zh: '已刷卡', en: 'swiped' },
  typed: { zh: '手输（不算刷卡）', en: 'typed (not a card read)' },
  sign: { zh: '会员本人签名', en: 'The member signs' },
  doBook: { zh: '确认预订', en: 'Book the seat' },
  cancel: { zh: '取消', en: 'Cancel' },
  booked: { zh: '已预订', en: 'Booked' },
  waitlisted: { zh: '名额已满，已排入候补', en: 'Class full: on the waiting list' },
  cancelled: { zh: '预订已取消', en: 'Booking cancelled' },
  promoted: { zh: '候补递补', en: 'moved up from the waiting list' },
  full: { zh: '已满', en: 'Full' },
  cancelledToday: { zh: '今日停课', en: 'Cancelled today' },
  started: { zh: '已开始', en: 'Started' },
  notOpen: { zh: '当天课程预订尚未开始，开始时间', en: 'Booking has not opened yet; it opens at' },
};

const statusNames: Record<string, Bilingual> = { booked: text.booked, waiting: text.waiting };

/**
 * `/bookings` (staff): today's classes with seats, booked at the desk with the member's card read and
 * signature (docs/domain.md#same-day-bookings); a full class goes on the waiting list; cancel gives
 * the seat to the first waiting.
 */
@customElement('bookings-screen')
export class BookingsScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _day: BookingsDay | null = null;
  @state() private _class = '';
  @state() private _card: CardSwipe | null = null;
  @state() private _signed = false;
  @state() private _notice: Bilingual | null = null;
  @state() private _refusal: ReturnType<typeof refusalOf> | null = null;
  @state() private _busy = false;

  static override styles = [
    tokens,
    deskForms,
    css`
      .classes { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 10px; max-height: 560px; }
      .class { border: 3px solid #e5e7eb; border-radius: 14px; padding: 6px 12px 10px; background: #fff; display: flex; flex-direction: column; gap: 6px; }
      .class.chosen { border-color: var(--fd-primary); background: #eff6ff; }
      .pick { all: unset; cursor: pointer; min-height: 48px; font-size: 22px; font-weight: 800; display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
      .pick:focus-visible { outline: 3px solid var(--fd-primary); border-radius: 8px; }
      .pick small { font-weight: 400; font-size: 15px; color: var(--fd-muted); }
      .closed { padding: 8px 14px; border-radius: 12px; background: #fef3c7; color: #78350f; font-size: 18px; font-weight: 700; }
      .counts { font-size: 18px; }
      .counts b { font-size: 24px; }
      .class li { display: flex; align-items: center; gap: 8px; padding: 4px 0; font-size: 16px; }
      .class li span { flex: 1; }
      .cardline { font-size: 20px; }
      aside.panel { gap: 6px; }
      .opens { font-size: 17px; font-weight: 400; color: var(--fd-muted); margin-left: 12px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    reloadOn(this, ['booking.*'], () => this._load());
  }

  private async _load(): Promise<void> {
    try {
      this._day = await listBookings();
      if (!this._class && this._day.classes.length) this._class = this._day.classes[0].class;
    } catch (error) {
      this._refusal = refusalOf(error);
    }
  }

  override render() {
    const day = this._day;
    const chosen = day?.classes.find((c) => c.class === this._class) ?? null;
    return html`<h2>${primary(text.title)} <small class="muted">${secondary(text.title)}</small>
        ${day ? html`<span class="opens" data-opens>${primary(text.opens)} ${day.opensAt} · ${day.date}</span>` : nothing}</h2>
      <section class="panel">
        ${day && !day.open ? html`<div class="closed" data-not-open>${primary(text.notOpen)} ${day.opensAt}<br /><small>${secondary(text.notOpen)} ${day.opensAt}</small></div>` : nothing}
        ${day && day.classes.length === 0 ? html`<div class="empty">${primary(text.none)}<br /><small>${secondary(text.none)}</small></div>` : nothing}
        <div class="classes scroll">${day?.classes.map((c) => this._classCard(c))}</div>
      </section>
      <aside class="panel">
        ${chosen
          ? html`<h3 data-chosen=${chosen.class}>${chosen.at} ${primary(chosen.name)} <small class="muted">${secondary(chosen.name)}</small></h3>`
          : html`<div class="empty">${primary(text.choose)}</div>`}
        <card-swipe .label=${text.swipe} @card-swiped=${(e: CustomEvent<CardSwipe>) => ((this._card = e.detail), (this._refusal = null), (this._notice = null))}></card-swipe>
        ${this._card
          ? html`<div class="cardline" data-card=${this._card.card}>${primary(text.card)} <b>${this._card.card}</b>
              <span class="tag ${this._card.source === 'swipe' ? 'ok' : 'bad'}">${primary(this._card.source === 'swipe' ? text.swiped : text.typed)}</span></div>`
          : nothing}
        <signature-pad .label=${text.sign} .width=${480} .height=${110} @signature-changed=${(e: CustomEvent<{ empty: boolean }>) => (this._signed = !e.detail.empty)}></signature-pad>
        <big-button data-action="book" ?disabled=${!chosen || !this._card || !this._signed || this._busy} @click=${() => this._book()}
          >${primary(text.doBook)}<span slot="sub">${secondary(text.doBook)}</span></big-button
        >
        ${noticeBox(this._notice)} ${refusalBox(this._refusal)}
      </aside>`;
  }

  private _classCard(c: BookableClass) {
    const live = c.bookings.filter((b) => b.status !== 'cancelled');
    return html`<div class="class ${c.class === this._class ? 'chosen' : ''}" data-class=${c.class}>
      <button class="pick" aria-pressed=${String(c.class === this._class)} @click=${() => (this._class = c.class)}>
        ${c.at} ${primary(c.name)} <small>${secondary(c.name)}</small>
        ${c.cancelled ? html`<span class="tag bad" data-cancelled>${primary(text.cancelledToday)}</span>` : c.started ? html`<span class="tag">${primary(text.started)}</span>` : nothing}
      </button>
      <div class="counts">
        ${primary(text.seats)} ${c.seats} · ${primary(text.free)} <b data-free>${c.free}</b>
        ${c.free === 0 ? html`<span class="tag bad">${primary(text.full)}</span>` : nothing} · ${primary(text.waiting)} <span data-waiting>${c.waiting}</span>
        ${c.noShows !== null ? html` · ${primary(text.noShows)} ${c.noShows}` : nothing}
      </div>
      ${live.length
        ? html`<ul>
            ${live.map(
              (b) => html`<li data-booking=${b.id} data-status=${b.status}>
                <span>${b.at.slice(11, 16)} · ${b.card} <span class="tag ${b.status === 'booked' ? 'ok' : ''}">${primary(statusNames[b.status])}</span></span>
                <big-button variant="neutral" data-action="cancel" ?disabled=${this._busy} @click=${(e: Event) => (e.stopPropagation(), void this._cancel(b.id))}>${primary(text.cancel)}</big-button>
              </li>`,
            )}
          </ul>`
        : nothing}
    </div>`;
  }

  private async _run(action: () => Promise<Bilingual>): Promise<void> {
    if (this._busy) return;
    this._busy = true;
    this._notice = null;
    this._refusal = null;
    try {
      this._notice = await action();
      await this._load();
    } catch (error) {
      this._refusal = refusalOf(error);
    } finally {
      this._busy = false;
    }
  }

  private _book(): Promise<void> {
    const pad = this.renderRoot.querySelector<SignaturePad>('signature-pad');
    const card = this._card!;
    // A typed number is not a card read: the service refuses it (no phone bookings), and says so.
    const via = card.source === 'swipe' ? 'swipe' : 'typed';
    return this._run(async () => {
      const r = await book({ class: this._class, card: card.card, via, signature: pad?.dataUrl() ?? undefined });
      pad?.clear();
      this._card = null;
      const what = r.booking.status === 'waiting' ? text.waitlisted : text.booked;
      return { zh: `${what.zh}：${r.booking.card}（空位 ${r.seats.free}）`, en: `${what.en}: ${r.booking.card} (${r.seats.free} free)` };
    });
  }

  private _cancel(id: string): Promise<void> {
    return this._run(async () => {
      const r = await cancelBooking(id);
      const up = r.promoted ? { zh: `，${r.promoted.card} ${text.promoted.zh}`, en: `; ${r.promoted.card} ${text.promoted.en}` } : { zh: '', en: '' };
      return { zh: `${text.cancelled.zh}：${r.booking.card}${up.zh}`, en: `${text.cancelled.en}: ${r.booking.card}${up.en}` };
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bookings-screen': BookingsScreen;
  }
}
