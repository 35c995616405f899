import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cachedPublicConfig, counterName, getPublicConfig, serviceById } from '../api/config.js';
import { followQueue } from '../api/queue.js';
import type { LiveEvent, PublicConfig, QueueCounter, QueueSnapshot } from '../api/types.js';
import { tIn } from '../i18n/index.js';
import { SubscriptionController, every } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/device-banner.js';

/** How long a counter's card flashes after a call or recall. */
const FLASH_MS = 8000;

/**
 * `/board`: the hall display (1920×1080, read from 2 m). Always bilingual, zh-CN first: the
 * latest call across the top, each counter's current number very large, recent calls and
 * waiting per service on the side. Live from events; device faults in a small corner line.
 */
@customElement('board-screen')
export class BoardScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _config: PublicConfig | null = cachedPublicConfig();
  @state() private _queue: QueueSnapshot | null = null;
  @state() private _flashing = new Set<string>();
  @state() private _now = new Date();
  private readonly _flashTimers = new Map<string, ReturnType<typeof setTimeout>>();

  static override styles = [
    tokens,
    css`
      :host { display: grid; grid-template-rows: auto auto 1fr auto; height: 100vh; overflow: hidden; background: #0a1628; color: #f8fafc; }
      header { display: flex; align-items: baseline; gap: 32px; padding: 20px 48px 12px; border-bottom: 2px solid #1e3a5f; }
      header h1 { margin: 0; font-size: 52px; flex: 1; }
      header h1 small { font-size: 28px; font-weight: 400; color: #94a3b8; margin-left: 16px; }
      .clock { font-size: 52px; font-weight: 700; font-variant-numeric: tabular-nums; color: #e2e8f0; }
      .call { margin: 20px 48px 0; padding: 16px 32px; border-radius: 20px; background: #1e293b; font-size: 60px; font-weight: 800; color: #fde047; display: flex; flex-direction: column; }
      .call small { font-size: 30px; font-weight: 500; color: #cbd5e1; }
      .call.flash { animation: flash 1s ease-in-out 4; }
      .body { display: grid; grid-template-columns: 1fr 460px; gap: 28px; padding: 24px 48px; min-height: 0; }
      /* One row per counter (two columns past five); the number scales with the row height. */
      .counters { display: grid; grid-auto-rows: minmax(0, 1fr); gap: 20px; min-height: 0; }
      .counters.many { grid-template-columns: 1fr 1fr; }
      .counter { container-type: size; display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.6fr); align-items: center; gap: 16px; background: #13243d; border: 3px solid #1e3a5f; border-radius: 24px; padding: 0 32px; min-height: 0; }
      .counter.flash { animation: flash 1s ease-in-out 4; border-color: #fde047; }
      .counter h2 { margin: 0; font-size: min(56px, 26cqh); line-height: 1.15; }
      .counter h2 small { display: block; font-size: 0.5em; font-weight: 400; color: #94a3b8; }
      .counter .service { font-size: min(30px, 12cqh); color: #cbd5e1; font-weight: 400; margin-top: 8px; }
      .counter .number { font-size: min(76cqh, 22cqw); line-height: 1; font-weight: 800; color: #fde047; letter-spacing: 4px; font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
      .counter .idle { color: #334155; }
      .counter.paused .number { font-size: min(34cqh, 9cqw); color: #94a3b8; }
      aside { display: flex; flex-direction: column; gap: 24px; min-height: 0; }
      aside section { background: #13243d; border-radius: 20px; padding: 16px 24px; }
      aside h3 { margin: 0 0 8px; font-size: 34px; }
      aside h3 small { font-size: 22px; font-weight: 400; color: #94a3b8; margin-left: 10px; }
      ul { list-style: none; margin: 0; padding: 0; }
      li { display: flex; justify-content: space-between; align-items: baseline; font-size: 36px; padding: 6px 0; border-bottom: 1px solid #1e3a5f; }
      li:last-child { border-bottom: 0; }
      li .num { font-weight: 800; color: #fde047; font-variant-numeric: tabular-nums; }
      li .where { color: #e2e8f0; }
      li .en { font-size: 20px; color: #94a3b8; display: block; }
      li .count { font-weight: 800; font-variant-numeric: tabular-nums; }
      footer { min-height: 32px; padding: 0 40px 8px; display: flex; justify-content: flex-end; }
      @keyframes flash { 0%, 100% { background-color: #13243d; } 50% { background-color: #854d0e; } }
    `,
  ];

  constructor() {
    super();
    every(this, 1000, () => (this._now = new Date()));
    new SubscriptionController(this, () =>
      followQueue((queue) => (this._queue = queue), { onEvent: (event) => this._onEvent(event) }),
    );
    new SubscriptionController(this, () => () => {
      this._flashTimers.forEach((timer) => clearTimeout(timer));
      this._flashTimers.clear();
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    getPublicConfig().then(
      (config) => (this._config = config),
      () => undefined,
    );
  }

  private _onEvent(event: LiveEvent): void {
    if (event.type !== 'ticket.called' && event.type !== 'ticket.recalled') return;
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
    const time = this._now.toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false });
    return html`<header>
        <h1>${tIn('zh-CN', 'boardTitle')}<small>${tIn('en', 'boardTitle')}${site && typeof site !== 'string' ? ` · ${site.zh}` : ''}</small></h1>
        <div class="clock">${time}</div>
      </header>
      ${this._latestCall()}
      <div class="body">
        <div class="counters ${(this._queue?.counters.length ?? 0) > 5 ? 'many' : ''}">
          ${(this._queue?.counters ?? []).map((counter) => this._counterCard(counter))}
        </div>
        <aside>
          <section>
            <h3>${tIn('zh-CN', 'recentCalls')}<small>${tIn('en', 'recentCalls')}</small></h3>
            <ul class="recent">
              ${(this._queue?.recentCalls ?? []).slice(0, 5).map((call) => {
                const name = counterName(this._config, call.counter);
                return html`<li><span class="num">${call.number}</span><span class="where">${name.zh}<span class="en">${name.en}</span></span></li>`;
              })}
            </ul>
          </section>
          <section>
            <h3>${tIn('zh-CN', 'waitingPerService')}<small>${tIn('en', 'waitingPerService')}</small></h3>
            <ul class="waiting">
              ${(this._queue?.services ?? []).map((entry) => {
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

  private _latestCall() {
    const call = this._queue?.recentCalls[0];
    if (!call) return html`<div class="call">&nbsp;<small>&nbsp;</small></div>`;
    const name = counterName(this._config, call.counter);
    return html`<div class="call ${this._flashing.has('*') ? 'flash' : ''}" role="status" aria-live="assertive">
      ${tIn('zh-CN', 'boardCall', { number: call.number, counter: name.zh })}
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
        ${service && !paused ? html`<div class="service">${service.name.zh} · ${service.name.en}</div>` : nothing}
      </h2>
      ${paused
        ? html`<div class="number">${tIn('zh-CN', 'counterPausedShort')} · ${tIn('en', 'counterPausedShort')}</div>`
        : html`<div class="number ${counter.serving ? '' : 'idle'}" data-serving>${counter.serving?.number ?? tIn('zh-CN', 'counterIdle')}</div>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'board-screen': BoardScreen;
  }
}
