import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { getOutputs, setOutputMode, type OutputMode, type OutputView } from '../api/outputs.js';
import { liveEvents } from '../api/live-events.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { SubscriptionController, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import './big-button.js';
import './error-text.js';

type Text = { zh: string; en: string };
/** This panel's own words, zh-CN first (kept here so the panel stands alone). */
const L = {
  title: { zh: '定时设备', en: 'Timed outputs' },
  on: { zh: '开', en: 'On' },
  off: { zh: '关', en: 'Off' },
  auto: { zh: '自动', en: 'Auto' },
  isOn: { zh: '已开', en: 'On' },
  isOff: { zh: '已关', en: 'Off' },
  followsPlan: { zh: '按计划', en: 'Follows the plan' },
  manualUntil: { zh: '手动至 {time}', en: 'By hand until {time}' },
  manualUntilMidnight: { zh: '手动至今天结束', en: 'By hand until midnight' },
  orLastMember: { zh: '（或最后一位会员离开）', en: ' (or the last member leaves)' },
  lastLeft: { zh: '会员已全部离开，已关', en: 'Last member left: off' },
  next: { zh: '下次 {time} {what}', en: 'Next {time} {what}' },
  waitsForMembers: { zh: '闭馆后会员全部离开即关', en: 'Off after closing once all members have left' },
  manualSeason: { zh: '{season}手动开关', en: '{season}: by hand' },
  boardOffline: { zh: '控制板离线：', en: 'Board offline: ' },
  spring: { zh: '春季', en: 'Spring' },
  summer: { zh: '夏季', en: 'Summer' },
  autumn: { zh: '秋季', en: 'Autumn' },
  winter: { zh: '冬季', en: 'Winter' },
} satisfies Record<string, Text>;

const say = (text: Text, vars: Record<string, string> = {}) => primary(text).replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
const MODES: { mode: OutputMode; label: Text; variant: string }[] = [
  { mode: 'on', label: L.on, variant: 'ok' },
  { mode: 'off', label: L.off, variant: 'danger' },
  { mode: 'auto', label: L.auto, variant: 'primary' },
];

/**
 * The desk's timed outputs (air conditioning, lights, a sign): each one's state and why, with
 * on / off / auto buttons. A manual switch lasts until the output's next planned switch (or
 * midnight); auto hands it back to the plan. Hidden when no output is configured.
 */
@customElement('output-switches')
export class OutputSwitches extends LitElement {
  @state() private _outputs: OutputView[] | null = null;
  @state() private _busy = '';
  /** The thrown error (phrased when drawn: it follows the language toggle) and the output it concerns. */
  @state() private _error: { id: string; error: unknown } | null = null;

  static override styles = [
    tokens,
    css`
      :host { display: block; }
      :host([hidden]) { display: none; }
      .card { background: var(--fd-surface); border-radius: 16px; padding: 14px 18px 16px; box-shadow: 0 1px 3px rgb(0 0 0 / 0.06), 0 4px 14px rgb(0 0 0 / 0.05); }
      h2 { margin: 0 0 8px; font-size: 20px; font-weight: 700; }
      ul { list-style: none; margin: 0; padding: 0; }
      li { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 4px 10px; align-items: center; padding: 8px 0; border-bottom: 1px solid #f1f5f9; }
      li:last-child { border-bottom: 0; }
      .name { font-size: 18px; font-weight: 700; display: flex; align-items: center; gap: 8px; min-width: 0; }
      .name .label { white-space: nowrap; }
      .name small { flex: 1 1 0; min-width: 0; font-size: 13px; font-weight: 400; color: var(--fd-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      .lamp { flex: none; padding: 1px 10px; border-radius: 999px; font-size: 14px; font-weight: 700; }
      .lamp.on { background: #dcfce7; color: #166534; }
      .lamp.off { background: #e5e7eb; color: #374151; }
      .why { grid-column: 1; font-size: 14px; color: var(--fd-muted); }
      .why.manual { color: #92400e; font-weight: 600; }
      .why.offline { color: var(--fd-danger); font-weight: 600; }
      .buttons { grid-column: 2; grid-row: 1 / span 2; display: flex; gap: 6px; }
      .buttons big-button { width: 54px; }
      .buttons big-button::part(button) { padding: 6px 4px; font-size: 17px; }
      .buttons big-button[aria-pressed='false']::part(button) { background: #e5e7eb; color: var(--fd-text); box-shadow: none; }
      .error { grid-column: 1 / -1; font-size: 15px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    new SubscriptionController(this, () => {
      const reload = () => void this._load();
      const offs = [
        liveEvents.subscribe('output.changed', reload),
        // A relay's board going away or coming back.
        liveEvents.onDevice((event) => event.kind === 'output' && reload()),
        liveEvents.onOpen(reload),
      ];
      // Switch instants pass without an event when nothing changes: re-read now and then.
      const timer = setInterval(reload, 60_000);
      reload();
      return () => {
        offs.forEach((off) => off());
        clearInterval(timer);
      };
    });
  }

  private async _load(): Promise<void> {
    try {
      this._outputs = await getOutputs();
    } catch {
      /* not logged in or unreachable: the screen says so */
    }
    this.hidden = !this._outputs || this._outputs.length === 0;
  }

  private async _set(output: OutputView, mode: OutputMode): Promise<void> {
    if (this._busy) return;
    this._busy = output.id;
    this._error = null;
    try {
      const updated = await setOutputMode(output.id, mode);
      this._outputs = (this._outputs ?? []).map((o) => (o.id === updated.id ? updated : o));
    } catch (error) {
      this._error = { id: output.id, error };
    } finally {
      this._busy = '';
    }
  }

  override render() {
    const outputs = this._outputs;
    if (!outputs || outputs.length === 0) return nothing;
    return html`<section class="card" data-card="outputs">
      <h2>${say(L.title)}</h2>
      <ul>
        ${outputs.map((o) => this._row(o))}
      </ul>
    </section>`;
  }

  private _row(o: OutputView) {
    const error = this._error?.id === o.id ? this._error.error : null;
    return html`<li data-output=${o.id} data-state=${o.state} data-mode=${o.mode}>
      <div class="name">
        <span class="lamp ${o.state}">${say(o.state === 'on' ? L.isOn : L.isOff)}</span>
        <span class="label">${primary(o.name)}</span>${locale.get() === 'zh-CN' ? html`<small>${secondary(o.name)}</small>` : nothing}
      </div>
      ${this._why(o)}
      <div class="buttons" role="group" aria-label=${primary(o.name)}>
        ${MODES.map(
          ({ mode, label, variant }) => html`<big-button
            data-mode=${mode}
            variant=${variant}
            aria-pressed=${o.mode === mode ? 'true' : 'false'}
            ?disabled=${this._busy !== ''}
            @click=${() => this._set(o, mode)}
            >${say(label)}</big-button
          >`,
        )}
      </div>
      ${error ? html`<div class="error" role="alert"><error-text .error=${error}></error-text></div>` : nothing}
    </li>`;
  }

  /** One line saying why the output is in its state, and what happens next. */
  private _why(o: OutputView) {
    if (o.board.state !== 'ok') return html`<div class="why offline">${say(L.boardOffline)}${o.board.detail}</div>`;
    if (o.mode !== 'auto') {
      const midnight = o.overrideUntil === null || o.overrideUntil.slice(11, 16) === '00:00';
      const until = midnight ? say(L.manualUntilMidnight) : say(L.manualUntil, { time: o.overrideUntil!.slice(11, 16) });
      return html`<div class="why manual">${until}${o.untilLastMemberLeaves ? say(L.orLastMember) : ''}</div>`;
    }
    if (o.reason === 'last_member_left') return html`<div class="why">${say(L.lastLeft)}</div>`;
    const now = Date.now();
    const next = o.switches.find((s) => Date.parse(s.at) > now);
    const parts = [say(L.followsPlan)];
    if (next) parts.push(say(L.next, { time: next.at.slice(11, 16), what: say(next.state === 'on' ? L.on : L.off) }));
    else if (o.plan === 'manual') parts.push(say(L.manualSeason, { season: say(L[o.season]) }));
    if (o.offWhenLastMemberLeft && o.state === 'on' && !next) parts.push(say(L.waitsForMembers));
    return html`<div class="why">${parts.join(' · ')}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'output-switches': OutputSwitches;
  }
}
