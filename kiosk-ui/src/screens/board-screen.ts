import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { cachedPublicConfig, counterName, followPublicConfig, getPublicConfig, serviceById } from '../api/config.js';
import { followQueue } from '../api/queue.js';
import type { LiveEvent, PublicConfig, QueueCounter, QueueSnapshot, RecentCall } from '../api/types.js';
import { tIn } from '../i18n/index.js';
import { describeOpening, hallOpening, siteClock } from '../lib/site-time.js';
import { SubscriptionController, every } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/device-banner.js';

/** How long a counter's card flashes after a call or recall. */
const FLASH_MS = 8000;
/** Most recent calls ever listed; fewer when the side column has no room for them. */
const RECENT_MAX = 6;

/** One line of "recent calls": a ticket listed once, marked when it was called again. */
interface RecentLine {
  call: RecentCall;
  recalled: boolean;
}

/** Recent calls newest first, each ticket once; a ticket called more than once is a recall. */
export function recentLines(calls: readonly RecentCall[], recalledIds: ReadonlySet<string>): RecentLine[] {
  const lines = new Map<string, RecentLine>();
  for (const call of calls) {
    const seen = lines.get(call.ticketId);
    if (seen) seen.recalled = true;
    else lines.set(call.ticketId, { call, recalled: recalledIds.has(call.ticketId) });
  }
  return [...lines.values()];
}

/**
 * `/board`: the hall display, read from 2 m. Always bilingual, zh-CN first: the latest call across
 * the top, each counter's current number very large, recent calls and waiting per service on the
 * side. Everything is sized from the viewport (--u = 1 % of a 16:9 screen's height) so it fits
 * 1920×1080 down to 1280×720 with 1–8 counters and services, and never scrolls: the recent-call
 * list shows as many lines as its column has room for, English sub-lines go when space is short.
 */
@customElement('board-screen')
export class BoardScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _config: PublicConfig | null = cachedPublicConfig();
  @state() private _queue: QueueSnapshot | null = null;
  @state() private _flashing = new Set<string>();
  @state() private _now = Date.now();
  @state() private _recentRoom = 3;
  @query('.recent') private _recentList!: HTMLElement | null;
  private readonly _recalled = new Set<string>();
  private readonly _flashTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private _resize: ResizeObserver | null = null;

  static override styles = [
    tokens,
    css`
      :host {
        --u: min(1vh, 0.5625vw);
        --row: calc(5.4 * var(--u));
        /* max-height too: inside the shell's flex column, flex-basis would otherwise let the content decide. */
        display: grid; grid-template-rows: auto auto minmax(0, 1fr) auto; height: 100vh; max-height: 100vh; width: 100vw; overflow: hidden;
        background: #0a1628; color: #f8fafc;
      }
      header { display: flex; align-items: baseline; gap: calc(3 * var(--u)); padding: calc(1.6 * var(--u)) calc(4.4 * var(--u)) calc(1 * var(--u)); border-bottom: 2px solid #1e3a5f; white-space: nowrap; }
      header h1 { margin: 0; font-size: calc(4.6 * var(--u)); flex: 1; overflow: hidden; text-overflow: ellipsis; }
      header h1 small { font-size: calc(2.4 * var(--u)); font-weight: 400; color: #b6c2d2; margin-left: calc(1.4 * var(--u)); }
      .clock { font-size: calc(4.6 * var(--u)); font-weight: 700; font-variant-numeric: tabular-nums; color: #e2e8f0; }
      .call { margin: calc(1.6 * var(--u)) calc(4.4 * var(--u)) 0; padding: calc(1.2 * var(--u)) calc(3 * var(--u)); border-radius: calc(1.8 * var(--u)); background: #1e293b; font-size: calc(5.4 * var(--u)); line-height: 1.2; font-weight: 800; color: #fde047; display: flex; flex-direction: column; white-space: nowrap; overflow: hidden; }
      .call small { font-size: calc(2.6 * var(--u)); font-weight: 500; color: #cbd5e1; }
      .call.quiet { color: #f8fafc; }
      .call .tag { display: inline-block; vertical-align: middle; margin-left: calc(2 * var(--u)); padding: 0 calc(1.2 * var(--u)); border-radius: calc(1 * var(--u)); background: #fde047; color: #0a1628; font-size: calc(2.6 * var(--u)); line-height: 1.6; }
      .call.flash { animation: flash 1s ease-in-out 4; }
      .body { display: grid; grid-template-columns: minmax(0, 1fr) calc(48 * var(--u)); grid-template-rows: minmax(0, 1fr); gap: calc(2.4 * var(--u)); padding: calc(2 * var(--u)) calc(4.4 * var(--u)); min-height: 0; }
      .counters { display: grid; gap: calc(1.6 * var(--u)); min-height: 0; }
      .counter { container-type: size; display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.6fr); align-items: center; gap: calc(1.4 * var(--u)); background: #13243d; border: 3px solid #1e3a5f; border-radius: calc(2 * var(--u)); padding: 0 calc(2.8 * var(--u)); min-height: 0; overflow: hidden; }
      .counter.flash { animation: flash 1s ease-in-out 4; border-color: #fde047; }
      .counter h2 { margin: 0; font-size: min(calc(5.2 * var(--u)), 26cqh, 11cqw); line-height: 1.15; white-space: nowrap; }
      .counter h2 small { display: block; font-size: 0.5em; font-weight: 400; color: #b6c2d2; }
      .counter .service { font-size: min(calc(2.8 * var(--u)), 12cqh); color: #cbd5e1; font-weight: 400; margin-top: 0.3em; overflow: hidden; text-overflow: ellipsis; }
      @container (max-height: 120px) { .counter .service { display: none; } }
      @container (max-width: 640px) { .counter .service .en { display: none; } }
      @container (max-height: 80px) { .counter h2 small { display: none; } }
      .counter .number { font-size: min(76cqh, 21cqw); line-height: 1; font-weight: 800; color: #fde047; letter-spacing: 0.04em; font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
      .counter .number.idle { color: #b6c2d2; font-size: min(30cqh, 7cqw); font-weight: 600; letter-spacing: 0; }
      .counter .number small { display: block; font-size: 0.55em; font-weight: 500; }
      .counter.paused .number { font-size: min(30cqh, 7cqw); color: #b6c2d2; letter-spacing: 0; }
      aside { display: grid; grid-template-rows: minmax(0, 1fr) auto; gap: calc(2 * var(--u)); min-height: 0; }
      aside section { background: #13243d; border-radius: calc(1.8 * var(--u)); padding: calc(1.2 * var(--u)) calc(2.2 * var(--u)); min-height: 0; display: flex; flex-direction: column; overflow: hidden; }
      aside h3 { margin: 0 0 calc(0.6 * var(--u)); font-size: calc(3 * var(--u)); white-space: nowrap; }
      aside h3 small { font-size: calc(2 * var(--u)); font-weight: 400; color: #b6c2d2; margin-left: calc(1 * var(--u)); }
      ul { list-style: none; margin: 0; padding: 0; min-height: 0; }
      .recent { flex: 1; overflow: hidden; }
      li { display: flex; justify-content: space-between; align-items: center; gap: calc(1 * var(--u)); height: var(--row); font-size: calc(3.2 * var(--u)); border-bottom: 1px solid #1e3a5f; white-space: nowrap; overflow: hidden; }
      li:last-child { border-bottom: 0; }
      li .num { font-weight: 800; color: #fde047; font-variant-numeric: tabular-nums; }
      li .tag { font-size: calc(1.8 * var(--u)); color: #0a1628; background: #fde047; border-radius: 6px; padding: 0 0.5em; font-weight: 700; }
      li .where { color: #e2e8f0; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
      li .en { font-size: calc(1.8 * var(--u)); color: #b6c2d2; margin-left: 0.5em; }
      li .count { font-weight: 800; font-variant-numeric: tabular-nums; }
      .waiting.many li { height: calc(4.4 * var(--u)); font-size: calc(2.8 * var(--u)); }
      .waiting.many li .en { display: none; }
      @media (max-height: 800px) { li .en { display: none; } }
      footer { min-height: calc(2.8 * var(--u)); padding: 0 calc(4 * var(--u)) calc(0.6 * var(--u)); display: flex; justify-content: flex-end; }
      @keyframes flash { 0%, 100% { background-color: #13243d; } 50% { background-color: #854d0e; } }
    `,
  ];

  constructor() {
    super();
    every(this, 1000, () => (this._now = Date.now()));
    new SubscriptionController(this, () =>
      followQueue((queue) => (this._queue = queue), { onEvent: (event) => this._onEvent(event) }),
    );
    new SubscriptionController(this, () => followPublicConfig((config) => (this._config = config)));
    new SubscriptionController(this, () => () => {
      this._flashTimers.forEach((timer) => clearTimeout(timer));
      this._flashTimers.clear();
      this._resize?.disconnect();
      this._resize = null;
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    getPublicConfig().then(
      (config) => (this._config = config),
      () => undefined,
    );
  }

  protected override updated(): void {
    const list = this._recentList;
    if (!list || this._resize) return;
    // The recent-call column shows as many whole lines as fit: measured, not guessed.
    this._resize = new ResizeObserver(() => {
      const row = parseFloat(getComputedStyle(list).getPropertyValue('--row')) || list.firstElementChild?.getBoundingClientRect().height || 40;
      const room = Math.max(1, Math.min(RECENT_MAX, Math.floor(list.clientHeight / row)));
      if (room !== this._recentRoom) this._recentRoom = room;
    });
    this._resize.observe(list);
  }

  private _onEvent(event: LiveEvent): void {
    if (event.type !== 'ticket.called' && event.type !== 'ticket.recalled') return;
    if (event.type === 'ticket.recalled' && typeof event.payload.ticketId === 'string') this._recalled.add(event.payload.ticketId);
    const counter = typeof event.payload.counter === 'string' ? event.payload.counter : '';
    if (!counter) return;
    this._flashing = new Set([...this._flashing, counter, '*']);
    for (const key of [counter, '*']) {
      clearTimeout(this._flashTimers.get(key));
      this._flashTimers.set(
        key,
        setTimeout(() => {
          const next = new Set(this._flashing);
          next.delete(key);
          this._flashing = next;
        }, FLASH_MS),
      );
    }
  }

  override render() {
    const site = this._config?.site.name;
    const lines = recentLines(this._queue?.recentCalls ?? [], this._recalled);
    const counters = this._queue?.counters ?? [];
    const columns = counters.length > 4 ? 2 : 1;
    const rows = Math.max(1, Math.ceil(counters.length / columns));
    const services = this._queue?.services ?? [];
    return html`<header>
        <h1>${tIn('zh-CN', 'boardTitle')}<small>${tIn('en', 'boardTitle')}${site && typeof site !== 'string' ? ` · ${site.zh}` : ''}</small></h1>
        <div class="clock" data-clock>${siteClock(this._now, this._config?.site.timezone)}</div>
      </header>
      ${this._banner(lines[0])}
      <div class="body">
        <div class="counters" style="grid-template-columns: repeat(${columns}, minmax(0, 1fr)); grid-template-rows: repeat(${rows}, minmax(0, 1fr));">
          ${counters.map((counter) => this._counterCard(counter))}
        </div>
        <aside>
          <section>
            <h3>${tIn('zh-CN', 'recentCalls')}<small>${tIn('en', 'recentCalls')}</small></h3>
            <ul class="recent">
              ${lines.slice(0, this._recentRoom).map(({ call, recalled }) => {
                const name = counterName(this._config, call.counter);
                return html`<li data-ticket=${call.ticketId}>
                  <span class="num">${call.number}</span>
                  ${recalled ? html`<span class="tag" data-recalled>${tIn('zh-CN', 'recalledTag')}</span>` : nothing}
                  <span class="where">${name.zh}<span class="en">${name.en}</span></span>
                </li>`;
              })}
            </ul>
          </section>
          <section>
            <h3>${tIn('zh-CN', 'waitingPerService')}<small>${tIn('en', 'waitingPerService')}</small></h3>
            <ul class="waiting ${services.length > 5 ? 'many' : ''}">
              ${services.map((entry) => {
                const service = serviceById(this._config, entry.id);
                return html`<li data-service=${entry.id}>
                  <span class="where">${service ? `${service.letter} ${service.name.zh}` : entry.id}<span class="en">${service?.name.en ?? ''}</span></span>
                  <span class="count">${tIn('zh-CN', 'peopleN', { n: entry.waiting })}</span>
                </li>`;
              })}
            </ul>
          </section>
        </aside>
      </div>
      <footer><device-banner discreet></device-banner></footer>`;
  }

  /** The line across the top: the latest call, or what to do when nobody is being called. */
  private _banner(latest: RecentLine | undefined) {
    const opening = hallOpening(this._config?.hours, this._config?.site.timezone, this._now);
    if (!opening.open) {
      const when = opening.next ? describeOpening(opening.next) : null;
      return html`<div class="call quiet" role="status" data-state="closed">
        ${when ? tIn('zh-CN', 'boardClosed', { when: when.zh }) : tIn('zh-CN', 'boardClosedNoNext')}
        <small>${when ? tIn('en', 'boardClosed', { when: when.en }) : tIn('en', 'boardClosedNoNext')}</small>
      </div>`;
    }
    if (!latest) {
      return html`<div class="call quiet" role="status" data-state="empty">
        ${tIn('zh-CN', 'boardEmpty')}<small>${tIn('en', 'boardEmpty')}</small>
      </div>`;
    }
    const { call, recalled } = latest;
    const name = counterName(this._config, call.counter);
    return html`<div class="call ${this._flashing.has('*') ? 'flash' : ''}" role="status" aria-live="assertive" data-state="calling">
      <span>${tIn('zh-CN', 'boardCall', { number: call.number, counter: name.zh })}${recalled
          ? html`<span class="tag">${tIn('zh-CN', 'recalledTag')} · ${tIn('en', 'recalledTag')}</span>`
          : nothing}</span>
      <small>${tIn('en', 'boardCall', { number: call.number, counter: name.en })}</small>
    </div>`;
  }

  private _counterCard(counter: QueueCounter) {
    const name = counterName(this._config, counter.id);
    const service = counter.serving ? serviceById(this._config, counter.serving.service) : undefined;
    const paused = counter.state === 'paused';
    return html`<div
      class="counter ${paused ? 'paused' : ''} ${this._flashing.has(counter.id) ? 'flash' : ''}"
      data-counter=${counter.id}
    >
      <h2>
        ${name.zh}<small>${name.en}</small>
        ${service && !paused ? html`<div class="service">${service.name.zh}<span class="en"> · ${service.name.en}</span></div>` : nothing}
      </h2>
      ${paused
        ? html`<div class="number">${tIn('zh-CN', 'counterPausedShort')}<small>${tIn('en', 'counterPausedShort')}</small></div>`
        : counter.serving
          ? html`<div class="number" data-serving>${counter.serving.number}</div>`
          : html`<div class="number idle" data-serving>${tIn('zh-CN', 'counterWaiting')}<small>${tIn('en', 'counterWaiting')}</small></div>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'board-screen': BoardScreen;
  }
}
