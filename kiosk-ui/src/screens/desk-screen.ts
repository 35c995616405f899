import { LitElement, css, html, nothing, svg, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import {
  announce,
  controlMusic,
  currentEntry,
  getSchedule,
  setVolume,
  type AnnouncementPlanEntry,
  type AnnouncementPlayed,
  type AudioState,
  type MusicAction,
  type PlanEntry,
  getAudio,
} from '../api/audio.js';
import { cachedPublicConfig, getPublicConfig } from '../api/config.js';
import { deviceStates, followDevices } from '../api/devices.js';
import { request } from '../api/http.js';
import { deviceAdvice } from '../components/device-advice.js';
import { liveEvents } from '../api/live-events.js';
import { getPrintouts, getUnprinted, reprintTicket, simulatePrinter, type SimCondition, type SimPrintout, type UnprintedTicket } from '../api/printer-demo.js';
import { currentSession } from '../api/session.js';
import type { Bilingual, DeviceStatus, LiveEvent } from '../api/types.js';
import { locale, primary, t, type StringKey } from '../i18n/index.js';
import { SubscriptionController, every, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/big-button.js';
import '../components/error-text.js';
import '../components/qr-code.js';
import '../components/output-switches.js';

/** Polite one-tap phrases (spoken in Chinese; the English line is a gloss for the clerk). */
const PRESETS: Bilingual[] = [
  { zh: '各位顾客，请保管好随身物品。', en: 'Please keep your belongings with you.' },
  { zh: '请 … 号顾客到 … 号窗口办理业务。', en: 'Number …, please go to window ….' },
  { zh: '请 … 先生/女士到服务台，有人找您。', en: 'Mr/Ms …, please come to the front desk.' },
  { zh: '各位顾客，请照看好身边的小朋友，谢谢合作。', en: 'Please keep an eye on your children.' },
];
const BLANK = '…';

/** Small line icons (the kiosk has no emoji font). */
const icon = (paths: ReturnType<typeof svg>) =>
  html`<svg class="ico" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round">${paths}</svg>`;
const ICONS = {
  pause: icon(svg`<rect x="6" y="5" width="4" height="14" rx="1" fill="currentColor"/><rect x="14" y="5" width="4" height="14" rx="1" fill="currentColor"/>`),
  play: icon(svg`<path d="M7 5l12 7-12 7z" fill="currentColor"/>`),
  skip: icon(svg`<path d="M5 5l10 7-10 7z" fill="currentColor"/><path d="M19 5v14"/>`),
  speaker: icon(svg`<path d="M4 10v4h4l5 4V6L8 10z" fill="currentColor"/><path d="M16.5 8.5a5 5 0 0 1 0 7"/><path d="M19 6a8.5 8.5 0 0 1 0 12"/>`),
  music: icon(svg`<path d="M9 18V6l11-2v12"/><circle cx="6.5" cy="18" r="2.5" fill="currentColor"/><circle cx="17.5" cy="16" r="2.5" fill="currentColor"/>`),
  off: icon(svg`<path d="M4 10v4h4l5 4V6L8 10z" fill="currentColor"/><path d="M17 9l5 6M22 9l-5 6"/>`),
  check: icon(svg`<path d="M5 12.5l4.5 4.5L19 7.5"/>`),
};

const DEVICES: { id: string; name: StringKey }[] = [
  { id: 'printer', name: 'devicePrinter' },
  { id: 'panel', name: 'devicePanel' },
  { id: 'audio', name: 'deviceAudio' },
  { id: 'mqtt', name: 'deviceMqtt' },
];
const STATE_LABELS: Record<string, StringKey> = { ok: 'deskStateOk', degraded: 'stateDegraded', fault: 'stateFault', offline: 'stateOffline' };

const SIM_BUTTONS: { condition: SimCondition; label: StringKey; variant: string }[] = [
  { condition: 'ok', label: 'deskSimOk', variant: 'ok' },
  { condition: 'paper_near_end', label: 'deskSimNearEnd', variant: 'warn' },
  { condition: 'paper_out', label: 'deskSimPaperOut', variant: 'danger' },
  { condition: 'cover_open', label: 'deskSimCoverOpen', variant: 'danger' },
  { condition: 'offline', label: 'deskSimOffline', variant: 'neutral' },
];

const PLAYLISTS: Record<string, StringKey> = { light: 'playlistLight', lively: 'playlistLively' };
const MODE_LABELS: Record<AudioState['mode'], StringKey> = { music: 'deskModeMusic', announcement: 'deskModeAnnouncement', quiet: 'deskModeQuiet', off: 'deskModeOff' };

/** The health snapshot also says whether a device is switched off by config. */
type TileStatus = DeviceStatus & { disabled?: boolean };

type AnnounceStatus =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'queued'; text: string; at: number }
  | { kind: 'played'; played: AnnouncementPlayed & { id: string } }
  | { kind: 'blanks' }
  /** The thrown error: <error-text> phrases it when drawn, so it follows the language toggle. */
  | { kind: 'error'; error: unknown };

/**
 * `/desk` (staff): the front desk's control screen — a manual announcement with polite presets,
 * the background music (pause / resume / skip / volume), today's audio plan as a timeline, the
 * devices at a glance, and, with the simulated printer, its last ticket and demo faults.
 */
@customElement('desk-screen')
export class DeskScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _text = '';
  @state() private _repeat = 1;
  @state() private _announce: AnnounceStatus = { kind: 'idle' };
  @state() private _played: (AnnouncementPlayed & { id: string })[] = [];
  @state() private _plan: PlanEntry[] | null = null;
  /** What the hall hears, once the service has told us (event or control answer). */
  @state() private _audio: AudioState | null = null;
  @state() private _volume: number | null = null;
  @state() private _musicBusy = false;
  /** The last music action's confirmation, phrased at render time (follows the language toggle). */
  @state() private _musicNote: (() => string) | null = null;
  @state() private _musicError: unknown = null;
  /** null = not known yet or not a simulated printer (the demo panel stays hidden). */
  /** undefined until the service answered: the demo printer's column is reserved meanwhile (no layout jump). */
  @state() private _printouts: SimPrintout[] | null | undefined = undefined;
  /** Set when ticket QR codes point at the Pi itself (no phone can open them). */
  @state() private _qrLoopback: string | null = null;
  @state() private _simBusy = false;
  @state() private _simError: unknown = null;
  /** Waiting tickets that did not print (paper out, offline): reprinted from here once the printer is back. */
  @state() private _unprinted: UnprintedTicket[] = [];
  @state() private _reprinting: string | null = null;
  @state() private _reprinted: string | null = null;
  @state() private _reprintError: unknown = null;
  @state() private _now = Date.now();
  @state() private _timezone = cachedPublicConfig()?.site.timezone ?? 'Asia/Shanghai';
  @query('textarea') private _textarea?: HTMLTextAreaElement;
  @query('.timeline') private _timeline?: HTMLElement;
  private _scrolledTo = '';

  static override styles = [
    tokens,
    css`
      /* Exactly the screen below the app bar (--desk-top, measured): the plan's list scrolls, the page never does. */
      :host { display: block; padding: 14px 18px 14px; height: calc(100vh - var(--desk-top, 68px)); max-height: calc(100vh - var(--desk-top, 68px)); overflow: hidden; }
      .layout { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr) minmax(0, 0.85fr); grid-template-rows: minmax(0, 1fr); gap: 14px; align-items: start; height: calc(100vh - var(--desk-top, 68px) - 28px); }
      .layout.two { grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); }
      .col { display: flex; flex-direction: column; gap: 14px; min-width: 0; max-height: 100%; min-height: 0; }
      .card[data-card='plan'] { display: flex; flex-direction: column; min-height: 0; flex: 0 1 auto; }
      .card[data-card='printer-demo'] { min-height: 0; overflow-y: auto; }
      .card { background: var(--fd-surface); border-radius: 16px; padding: 14px 18px 16px; box-shadow: 0 1px 3px rgb(0 0 0 / 0.06), 0 4px 14px rgb(0 0 0 / 0.05); }
      h2 { margin: 0 0 10px; font-size: 20px; font-weight: 700; display: flex; align-items: baseline; gap: 10px; }
      h2 .hint { font-size: 15px; font-weight: 400; color: var(--fd-muted); }
      h3 { margin: 10px 0 6px; font-size: 16px; font-weight: 600; color: var(--fd-muted); }

      textarea {
        width: 100%; min-height: 64px; height: 64px; resize: none; padding: 10px 12px;
        font: inherit; font-size: 21px; line-height: 1.4; color: var(--fd-text);
        border: 2px solid #cbd5e1; border-radius: 12px; background: #f8fafc; user-select: text;
      }
      textarea:focus { outline: none; border-color: var(--fd-primary); background: #fff; }
      .presets { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 8px; margin-top: 8px; }
      .preset {
        min-height: 48px; min-width: 0; padding: 5px 12px; text-align: left; cursor: pointer;
        font: inherit; font-size: 15px; line-height: 1.3; color: var(--fd-text);
        background: #eef2ff; border: 1px solid #c7d2fe; border-radius: 12px;
      }
      .preset:active { background: #e0e7ff; }
      .preset small { display: block; font-size: 13px; color: var(--fd-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      .send-row { display: flex; align-items: center; gap: 8px; margin-top: 12px; }
      .send-row .send::part(button) { flex-direction: row; white-space: nowrap; }
      .ico { width: 1.1em; height: 1.1em; flex: none; vertical-align: -0.18em; }
      big-button .ico { margin-right: 6px; }
      .send-row .label { font-size: 17px; color: var(--fd-muted); }
      .segmented { display: flex; gap: 6px; }
      .segmented big-button { width: 66px; }
      .segmented big-button::part(button) { padding: 8px 4px; font-size: 18px; white-space: nowrap; }
      .send-row .send { flex: 1; }
      .status { margin-top: 8px; min-height: 26px; font-size: 18px; }
      .status .ok { color: var(--fd-ok); font-weight: 700; }
      .status .pending { color: var(--fd-primary); font-weight: 600; }
      /* In the heading's line: appears late without pushing the tiles down. */
      .qr-warn { margin-left: auto; padding: 2px 10px; border-radius: 999px; background: #fef3c7; color: #78350f; font-size: 14px; font-weight: 700; white-space: nowrap; }
      .warn-note { margin: 0 0 10px; padding: 8px 12px; border-radius: 10px; background: #fef3c7; color: #78350f; font-size: 16px; }
      .played { list-style: none; margin: 0; padding: 0; font-size: 15px; }
      .played li { display: flex; gap: 8px; padding: 3px 0; color: var(--fd-muted); }
      .played .tag { flex: none; padding: 0 6px; border-radius: 6px; background: #e5e7eb; color: #374151; font-size: 13px; line-height: 20px; }
      .played .txt { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: var(--fd-text); }

      .now { display: flex; align-items: center; gap: 14px; }
      .now .icon { width: 52px; height: 52px; flex: none; border-radius: 14px; display: grid; place-items: center; font-size: 28px; background: #dbeafe; color: var(--fd-primary); }
      .now .icon.paused, .now .icon.off { background: #e5e7eb; color: #6b7280; }
      .now .what { font-size: 22px; font-weight: 700; }
      .now .sub { font-size: 16px; color: var(--fd-muted); }
      .pill { display: inline-block; margin-left: 6px; padding: 1px 10px; border-radius: 999px; font-size: 14px; font-weight: 600; background: #fef3c7; color: #92400e; vertical-align: middle; }
      .music-top { display: flex; align-items: center; gap: 8px; }
      .music-top .now { flex: 1; min-width: 0; }
      big-button.square { width: 84px; }
      big-button.square::part(button) { padding: 6px 4px; font-size: 24px; gap: 0; }
      big-button.square .ico { margin: 0; }
      .volume { display: flex; align-items: center; gap: 10px; margin-top: 10px; }
      .volume .value { width: 44px; text-align: right; font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; }
      .volume big-button { width: 56px; }
      input[type='range'] { flex: 1; height: 48px; margin: 0; accent-color: var(--fd-primary); background: transparent; -webkit-appearance: none; appearance: none; }
      input[type='range']::-webkit-slider-runnable-track { height: 10px; border-radius: 5px; background: linear-gradient(to right, var(--fd-primary) var(--fill), #d1d5db var(--fill)); }
      input[type='range']::-webkit-slider-thumb { -webkit-appearance: none; width: 30px; height: 30px; margin-top: -10px; border-radius: 50%; background: #fff; border: 3px solid var(--fd-primary); box-shadow: 0 1px 4px rgb(0 0 0 / 0.25); }
      input[type='range']:disabled { opacity: 0.5; }

      .tiles { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
      .tile { border-radius: 12px; padding: 10px 12px; border-left: 6px solid var(--c); background: var(--bg); min-height: 86px; }
      /* --c marks the tile; --t is the state word in a shade with AA contrast (≥ 4.5:1) on --bg. */
      .tile[data-state='ok'] { --c: #16a34a; --t: #166534; --bg: #f0fdf4; }
      .tile[data-state='degraded'] { --c: #d97706; --t: #92400e; --bg: #fffbeb; }
      .tile[data-state='fault'] { --c: #dc2626; --t: #b91c1c; --bg: #fef2f2; }
      .tile[data-state='offline'] { --c: #7c2d12; --t: #7c2d12; --bg: #fef2f2; }
      .tile[data-state='off'], .tile[data-state='unknown'] { --c: #9ca3af; --t: #4b5563; --bg: #f3f4f6; }
      .tile .head { display: flex; align-items: center; justify-content: space-between; gap: 6px; }
      .tile .name { font-size: 18px; font-weight: 700; }
      .tile .state { font-size: 15px; font-weight: 700; color: var(--t); white-space: nowrap; }
      .tile .state::before { content: ''; display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 50%; background: var(--c); }
      .tile .detail { font-size: 14px; color: #374151; margin-top: 2px; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow-wrap: anywhere; }
      .tile .since { font-size: 13px; color: var(--fd-muted); margin-top: 2px; }
      .tile[data-state='off'] .name, .tile[data-state='off'] .detail { color: #4b5563; }

      .timeline { list-style: none; margin: 0; padding: 0; min-height: 96px; flex: 0 1 auto; overflow-y: auto; position: relative; }
      .timeline li { display: grid; grid-template-columns: 56px 18px 1fr; align-items: start; gap: 6px; padding: 5px 4px; border-radius: 10px; font-size: 16px; }
      .timeline .time { font-variant-numeric: tabular-nums; font-weight: 700; padding-top: 1px; }
      .timeline .dot { width: 12px; height: 12px; margin-top: 5px; border-radius: 50%; background: #94a3b8; justify-self: center; }
      .timeline li.music .dot { background: #3b82f6; }
      .timeline li.announcement .dot { background: #f59e0b; }
      .timeline li.off .dot { background: #475569; }
      .timeline li.past { color: #6b7280; }
      .timeline li.past .dot { opacity: 0.4; }
      .timeline li.current { background: #dbeafe; color: #0b2545; box-shadow: inset 4px 0 0 var(--fd-primary); }
      .timeline .label small { display: block; color: var(--fd-muted); font-size: 14px; }
      .timeline li.now-line { align-items: center; padding: 0 4px; color: #dc2626; }
      .timeline li.now-line .time { font-size: 14px; }
      .timeline li.now-line .dot { margin-top: 0; background: #dc2626; }
      .timeline li.now-line .rule { height: 2px; background: #dc2626; }
      .timeline .now-tag { margin-left: 6px; padding: 0 8px; border-radius: 999px; background: var(--fd-primary); color: #fff; font-size: 13px; font-weight: 600; }
      .next { list-style: none; margin: 0; padding: 0; }
      .next li { font-size: 16px; padding: 4px 0; border-bottom: 1px solid #f1f5f9; }
      .next li:last-child { border-bottom: 0; }
      .next .time { font-weight: 700; margin-right: 8px; font-variant-numeric: tabular-nums; }
      .empty { color: var(--fd-muted); font-size: 16px; padding: 4px 0; }

      .paper-wrap { display: flex; justify-content: center; padding: 10px 0 4px; background: #e5e7eb; border-radius: 12px; }
      .paper {
        width: 250px; padding: 12px 14px 20px; background: #fffef8; color: #111;
        box-shadow: 0 2px 8px rgb(0 0 0 / 0.18);
        /* the torn edge of a cut ticket */
        -webkit-mask: linear-gradient(#000 0 0) top / 100% calc(100% - 8px) no-repeat, conic-gradient(from -45deg at bottom, #0000, #000 1deg 89deg, #0000 90deg) bottom / 12px 8px repeat-x;
      }
      .paper .line { font-size: 13px; line-height: 1.35; white-space: pre-wrap; overflow-wrap: anywhere; min-height: 6px; }
      .paper .line.center { text-align: center; }
      .paper .line.right { text-align: right; }
      .paper .line.bold { font-weight: 700; }
      .paper .line.big { font-size: 44px; line-height: 1.1; font-weight: 800; letter-spacing: 2px; margin: 2px 0; }
      .paper .qr { display: flex; justify-content: center; margin: 6px 0 2px; }
      .paper qr-code { width: 96px; height: 96px; }
      .ticket-meta { font-size: 14px; color: var(--fd-muted); margin: 0 0 8px; }
      .sim { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
      .sim big-button::part(button) { font-size: 17px; padding: 8px 10px; }
      .sim .wide { grid-column: 1 / -1; }
      .error { font-size: 17px; }
      .unprinted { margin-top: 10px; padding: 8px 10px; border-radius: 12px; background: #fff7ed; border: 1px solid #fed7aa; }
      .u-head { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 10px; font-size: 16px; color: #7c2d12; }
      .u-label { font-size: 16px; font-weight: 700; color: #7c2d12; }
      .u-head span { font-size: 14px; color: #9a3412; }
      .u-list { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-top: 6px; }
      .u-list big-button::part(button) { font-size: 18px; padding: 6px 10px; white-space: nowrap; font-variant-numeric: tabular-nums; }
      .u-more { font-size: 16px; font-weight: 700; color: #7c2d12; }
      .u-note { margin-top: 6px; font-size: 15px; }
      .u-note.ok { color: var(--fd-ok); font-weight: 700; }
      .u-note.error { color: var(--fd-danger); }
    `,
  ];

  constructor() {
    super();
    watch(this, locale, deviceStates);
    every(this, 15_000, () => (this._now = Date.now()));
    new SubscriptionController(this, followDevices);
    // What the shell draws above the desk (alerts, the handover's open items) comes and goes: measure again.
    new SubscriptionController(this, () => {
      const observer = new ResizeObserver(() => this._measureTop());
      for (const above of Array.from(this.parentElement?.children ?? [])) if (above !== this) observer.observe(above);
      return () => observer.disconnect();
    });
    new SubscriptionController(this, () => {
      const offs = [
        liveEvents.subscribe('announcement.played', (event) => this._onPlayed(event as unknown as LiveEvent<AnnouncementPlayed>)),
        liveEvents.subscribe('audio.changed', (event) => this._setAudio(event.payload as unknown as AudioState)),
        liveEvents.subscribe('ticket.printed', () => void this._loadPrintouts()),
        // Issued unprinted, printed, called or gone: the reprint list follows the queue.
        liveEvents.subscribe('ticket.*', () => void this._loadUnprinted()),
        // After a reconnection, re-read what may have changed meanwhile.
        liveEvents.onOpen(() => {
          void this._loadPlan();
          void this._loadPrintouts();
          void this._loadUnprinted();
        }),
      ];
      // The plan is per day: re-read it now and then (cheap) so midnight needs no reload.
      const timer = setInterval(() => void this._loadPlan(), 10 * 60_000);
      void this._loadPlan();
      void this._loadPrintouts();
      void this._loadUnprinted();
      return () => {
        offs.forEach((off) => off());
        clearInterval(timer);
      };
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    getPublicConfig().then(
      (config) => (this._timezone = config.site.timezone || this._timezone),
      () => undefined,
    );
    request<{ baseUrl: string; loopback: boolean }>('GET', '/api/ticket-links').then(
      (links) => (this._qrLoopback = links.loopback ? links.baseUrl : null),
      () => undefined,
    );
  }

  protected override firstUpdated(): void {
    this._measureTop();
  }

  private _measureTop(): void {
    this.style.setProperty('--desk-top', `${Math.max(0, Math.round(this.getBoundingClientRect().top + scrollY))}px`);
  }

  protected override updated(changed: PropertyValues): void {
    // Keep the current plan entry in view (the list scrolls inside its card).
    if ((changed.has('_plan') || changed.has('_now')) && this._timeline) {
      // Keep the "now" mark in view with the entry before it, but only when it moves: not under the clerk's finger.
      const target = this._timeline.querySelector<HTMLElement>('li.now-line');
      const key = String(target?.offsetTop ?? '');
      const before = target?.previousElementSibling as HTMLElement | null;
      if (target && key !== this._scrolledTo) this._timeline.scrollTop = Math.max(0, (before ?? target).offsetTop - 4);
      this._scrolledTo = key;
    }
  }

  // ---------- data ----------

  private async _loadPlan(): Promise<void> {
    try {
      [this._plan] = await Promise.all([getSchedule(), getAudio().then((audio) => this._setAudio(audio))]);
      this._now = Date.now();
    } catch {
      /* unreachable: the shell's overlay says so */
    }
  }

  private async _loadPrintouts(): Promise<void> {
    try {
      this._printouts = await getPrintouts();
    } catch {
      /* keep what we have */
    }
  }

  private async _loadUnprinted(): Promise<void> {
    try {
      this._unprinted = await getUnprinted();
    } catch {
      /* keep what we have */
    }
  }

  private _setAudio(audio: AudioState): void {
    this._audio = audio;
    this._volume = audio.volume;
  }

  private _onPlayed(event: LiveEvent<AnnouncementPlayed>): void {
    const played = event.payload;
    if (played.kind !== 'manual' && played.kind !== 'scheduled') return;
    this._played = [{ ...played, id: event.id }, ...this._played].slice(0, 2);
    const pending = this._announce;
    if (played.kind === 'manual' && pending.kind === 'queued' && pending.text === played.text) this._announce = { kind: 'played', played: this._played[0] };
  }

  private _speechProblem(): boolean {
    const audio = deviceStates.get().audio;
    return this._audio?.speech === false || (!!audio && audio.state !== 'ok' && /speech/i.test(audio.detail ?? ''));
  }

  // ---------- actions ----------

  private _pickPreset(preset: Bilingual): void {
    this._text = preset.zh;
    this._announce = { kind: 'idle' };
    void this.updateComplete.then(() => {
      const area = this._textarea;
      if (!area) return;
      area.focus();
      const blank = preset.zh.indexOf(BLANK);
      if (blank >= 0) area.setSelectionRange(blank, blank + BLANK.length);
      else area.setSelectionRange(preset.zh.length, preset.zh.length);
    });
  }

  private async _send(): Promise<void> {
    const text = this._text.trim();
    if (!text || this._announce.kind === 'sending') return;
    if (text.includes(BLANK)) {
      this._announce = { kind: 'blanks' };
      return;
    }
    this._announce = { kind: 'sending' };
    try {
      await announce(text, this._repeat);
      this._announce = { kind: 'queued', text, at: Date.now() };
    } catch (error) {
      this._announce = { kind: 'error', error };
    }
  }

  private async _music(run: () => Promise<AudioState>, note: (audio: AudioState) => () => string): Promise<void> {
    if (this._musicBusy) return;
    this._musicBusy = true;
    this._musicError = null;
    try {
      const audio = await run();
      this._setAudio(audio);
      this._musicNote = note(audio);
    } catch (error) {
      this._musicError = error;
      this._musicNote = null;
    } finally {
      this._musicBusy = false;
    }
  }

  private _control(action: MusicAction): void {
    const labels: Record<MusicAction, StringKey> = { pause: 'deskPause', resume: 'deskResume', skip: 'deskSkip' };
    void this._music(() => controlMusic(action), () => () => t(labels[action]));
  }

  private _changeVolume(value: number): void {
    const volume = Math.max(0, Math.min(100, Math.round(value)));
    this._volume = volume;
    void this._music(() => setVolume(volume), (audio) => () => t('deskVolumeSet', { n: audio.volume }));
  }

  private async _simulate(condition: SimCondition): Promise<void> {
    this._simBusy = true;
    this._simError = null;
    try {
      await simulatePrinter(condition);
    } catch (error) {
      this._simError = error;
    } finally {
      this._simBusy = false;
    }
  }

  private async _reprint(ticket: UnprintedTicket): Promise<void> {
    if (this._reprinting) return;
    this._reprinting = ticket.id;
    this._reprintError = null;
    this._reprinted = null;
    try {
      await reprintTicket(ticket.id);
      this._reprinted = ticket.number;
    } catch (error) {
      this._reprintError = error;
    } finally {
      this._reprinting = null;
      await this._loadUnprinted();
    }
  }

  // ---------- formatting ----------

  /** HH:mm (or HH:mm:ss) of an instant in the site's time zone. */
  private _clock(iso: string, seconds = false): string {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '';
    try {
      return new Intl.DateTimeFormat('en-GB', { timeZone: this._timezone, hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hourCycle: 'h23' }).format(date);
    } catch {
      return date.toTimeString().slice(0, seconds ? 8 : 5);
    }
  }

  private _playlist(id: string | null): string {
    if (!id) return '—';
    return PLAYLISTS[id] ? t(PLAYLISTS[id]) : id;
  }

  // ---------- render ----------

  override render() {
    const demo = this._printouts !== null; // unknown yet counts as demo: its column is kept free
    return html`<div class="layout ${demo ? '' : 'two'}">
      <div class="col">${this._announceCard()} ${this._musicCard()}</div>
      <div class="col">${this._devicesCard()} ${this._planCard()} <output-switches></output-switches></div>
      ${demo ? html`<div class="col">${this._printouts === undefined ? nothing : this._printerCard()}</div>` : nothing}
    </div>`;
  }

  private _announceCard() {
    const status = this._announce;
    const sending = status.kind === 'sending';
    const recent = this._played.filter((p) => status.kind !== 'played' || p.id !== status.played.id);
    return html`<section class="card" data-card="announce">
      <h2>${t('deskAnnounceTitle')}</h2>
      ${this._speechProblem() ? html`<p class="warn-note" data-speech-off>${t('deskSpeechOff')}</p>` : nothing}
      <textarea
        maxlength="300"
        .value=${this._text}
        placeholder=${t('deskAnnouncePlaceholder')}
        @input=${(e: Event) => (this._text = (e.target as HTMLTextAreaElement).value)}
      ></textarea>
      <div class="presets" aria-label=${t('deskPresets')}>
        ${PRESETS.map(
          (preset, i) => html`<button class="preset" data-preset=${i} @click=${() => this._pickPreset(preset)}>
            ${preset.zh}${locale.get() === 'en' ? html`<small>${preset.en}</small>` : nothing}
          </button>`,
        )}
      </div>
      <div class="send-row">
        <span class="label">${t('deskRepeat')}</span>
        <div class="segmented" role="group" aria-label=${t('deskRepeat')}>
          ${[1, 2, 3].map(
            (n) => html`<big-button
              .pressed=${this._repeat === n}
              data-repeat=${n}
              variant=${this._repeat === n ? 'primary' : 'neutral'}
              @click=${() => (this._repeat = n)}
              >${t('deskRepeatN', { n })}</big-button
            >`,
          )}
        </div>
        <big-button class="send" data-action="announce" variant="ok" ?disabled=${sending || !this._text.trim()} @click=${() => this._send()}
          >${ICONS.speaker} ${t('deskSend')}</big-button
        >
      </div>
      <div class="status" role="status" data-announce-status=${status.kind}>${this._announceStatus(status)}</div>
      ${recent.length > 0
        ? html`<h3>${t('deskRecentPlayed')}</h3>
            <ul class="played">
              ${recent.map(
                (p) => html`<li>
                  <span>${this._clock(p.startedAt)}</span>
                  <span class="tag">${t(p.kind === 'manual' ? 'deskKindManual' : 'deskKindScheduled')}</span>
                  <span class="txt">${p.text}</span>
                </li>`,
              )}
            </ul>`
        : nothing}
    </section>`;
  }

  private _announceStatus(status: AnnounceStatus) {
    switch (status.kind) {
      case 'queued':
        return html`<span class="pending">${t('deskQueued', { time: this._clock(new Date(status.at).toISOString(), true) })}</span>`;
      case 'played':
        return html`<span class="ok"
          >${ICONS.check} ${t('deskPlayed', { time: this._clock(status.played.startedAt, true), n: status.played.repeat ?? 1, sec: Math.round(status.played.durationSec) })}</span
        >`;
      case 'blanks':
        return html`<span class="error">${t('deskFillBlanks')}</span>`;
      case 'error':
        return html`<span class="error" role="alert"><error-text .error=${status.error}></error-text></span>`;
      default:
        return nothing;
    }
  }

  private _musicCard() {
    // Until the service reports (an audio.changed event or a control answer), the plan says what plays now.
    const planned = this._plan ? currentEntry(this._plan, this._now, 'music') : null;
    const audio: Omit<AudioState, 'speech'> = this._audio ?? {
      mode: planned?.kind === 'music' && planned.playlist ? 'music' : planned?.kind === 'off' ? 'quiet' : 'off',
      playlist: planned?.kind === 'music' ? planned.playlist : null,
      volume: planned?.kind === 'music' ? planned.volume : 0,
      paused: false,
    };
    const hasMusic = audio.playlist !== null;
    const volume = this._volume ?? audio.volume;
    const busy = this._musicBusy;
    const iconClass = audio.paused ? 'paused' : hasMusic ? '' : 'off';
    return html`<section class="card" data-card="music">
      <h2>${t('deskMusicTitle')}</h2>
      <div class="music-top">
        <div class="now" data-mode=${audio.mode} data-paused=${audio.paused}>
          <div class="icon ${iconClass}">${audio.paused ? ICONS.pause : audio.mode === 'announcement' ? ICONS.speaker : hasMusic ? ICONS.music : ICONS.off}</div>
          <div>
            <div class="what">
              ${hasMusic ? this._playlist(audio.playlist) : t(MODE_LABELS[audio.mode])}
              ${audio.paused ? html`<span class="pill">${t('deskPaused')}</span>` : nothing}
            </div>
            <div class="sub">${hasMusic ? html`${t(MODE_LABELS[audio.mode])} · ${t('deskVolume')} ${audio.volume}` : nothing}</div>
          </div>
        </div>
        ${audio.paused
          ? html`<big-button class="square" data-music="resume" variant="ok" ?disabled=${busy || !hasMusic} @click=${() => this._control('resume')}
              >${ICONS.play}<span slot="sub">${t('deskResume')}</span></big-button
            >`
          : html`<big-button class="square" data-music="pause" variant="neutral" ?disabled=${busy || !hasMusic} @click=${() => this._control('pause')}
              >${ICONS.pause}<span slot="sub">${t('deskPause')}</span></big-button
            >`}
        <big-button class="square" data-music="skip" variant="neutral" ?disabled=${busy || !hasMusic} @click=${() => this._control('skip')}
          >${ICONS.skip}<span slot="sub">${t('deskSkip')}</span></big-button
        >
      </div>
      <div class="volume">
        <big-button variant="neutral" aria-label=${t('deskQuieter')} data-volume="down" ?disabled=${busy || volume <= 0} @click=${() => this._changeVolume(volume - 5)}>−</big-button>
        <input
          type="range"
          min="0"
          max="100"
          step="5"
          aria-label=${t('deskVolume')}
          style="--fill: ${volume}%"
          .value=${String(volume)}
          ?disabled=${busy}
          @input=${(e: Event) => (this._volume = Number((e.target as HTMLInputElement).value))}
          @change=${(e: Event) => this._changeVolume(Number((e.target as HTMLInputElement).value))}
        />
        <big-button variant="neutral" aria-label=${t('deskLouder')} data-volume="up" ?disabled=${busy || volume >= 100} @click=${() => this._changeVolume(volume + 5)}>+</big-button>
        <span class="value" data-volume-value>${volume}</span>
      </div>
      <div class="status" role="status">
        ${this._musicError
          ? html`<span class="error" role="alert"><error-text .error=${this._musicError}></error-text></span>`
          : html`<span class="ok">${this._musicNote ? html`${ICONS.check} ${this._musicNote()}` : nothing}</span>`}
      </div>
    </section>`;
  }

  private _devicesCard() {
    const states = deviceStates.get() as Record<string, TileStatus>;
    return html`<section class="card" data-card="devices">
      <h2>
        ${t('deskDevicesTitle')}
        ${this._qrLoopback ? html`<span class="qr-warn" data-qr-loopback title=${t('deskQrLoopback', { url: this._qrLoopback })}>⚠ ${t('deskQrLoopbackShort')}</span>` : nothing}
      </h2>
      <div class="tiles">
        ${DEVICES.map(({ id, name }) => {
          const status = states[id];
          const shown = !status ? 'unknown' : status.disabled ? 'off' : status.state;
          const label = !status ? '—' : status.disabled ? t('deskStateOff') : t(STATE_LABELS[status.state] ?? 'stateFault');
          return html`<div class="tile" data-device=${id} data-state=${shown}>
            <div class="head"><span class="name">${t(name)}</span><span class="state">${label}</span></div>
            ${status ? this._tileDetail(id, status) : nothing}
            ${status?.since ? html`<div class="since">${t('deskSince', { time: this._since(status.since) })}</div>` : nothing}
          </div>`;
        })}
      </div>
      ${this._unprintedRow(states.printer)}
    </section>`;
  }

  /** The tickets the printer missed: shown while there are any; the reprint waits for a working printer. */
  private _unprintedRow(printer: TileStatus | undefined) {
    const list = this._unprinted;
    const feedback = this._reprintError
      ? html`<div class="u-note error" role="alert"><error-text .error=${this._reprintError}></error-text></div>`
      : this._reprinted
        ? html`<div class="u-note ok" role="status">${ICONS.check} ${t('deskReprinted', { number: this._reprinted })}</div>`
        : nothing;
    if (list.length === 0) return feedback;
    const ready = printer?.state === 'ok' || printer?.state === 'degraded';
    const shown = list.slice(0, 3); // one row with the "+N": the plan below keeps its room
    return html`<div class="unprinted" data-unprinted=${list.length}>
      <div class="u-head"><b>${t('deskUnprinted', { n: list.length })}</b><span>${t(ready ? 'deskUnprintedReady' : 'deskUnprintedWait')}</span></div>
      <div class="u-list" role="group" aria-label=${t('deskReprintLabel')}>
        <span class="u-label">${t('deskReprintLabel')}</span>
        ${shown.map(
          (ticket) => html`<big-button variant=${ready ? 'primary' : 'neutral'} data-reprint=${ticket.number} title=${t('deskReprint', { number: ticket.number })} ?disabled=${!ready || this._reprinting !== null} @click=${() => this._reprint(ticket)}
            >${ticket.number}</big-button
          >`,
        )}
        ${list.length > shown.length ? html`<span class="u-more">+${list.length - shown.length}</span>` : nothing}
      </div>
      ${feedback}
    </div>`;
  }

  /** "20:05", or "11-22 20:05" when it was not today. */
  private _since(iso: string): string {
    const sameDay = new Date(iso).toDateString() === new Date(this._now).toDateString();
    if (sameDay) return this._clock(iso);
    try {
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: this._timezone, month: '2-digit', day: '2-digit' }).format(new Date(iso));
      return `${day} ${this._clock(iso)}`;
    } catch {
      return this._clock(iso);
    }
  }

  /** An ok tile shows what the device is; a troubled one what to do about it (the raw detail as tooltip). */
  private _tileDetail(id: string, status: TileStatus) {
    const advice = status.disabled ? null : deviceAdvice(id, status);
    const text = advice ? primary(advice) : status.detail;
    return text ? html`<div class="detail" title=${status.detail ?? ''} ?data-advice=${!!advice}>${text}</div>` : nothing;
  }

  private _planCard() {
    const plan = this._plan;
    const now = this._now;
    // "Now" is what the hall hears (the music or quiet entry in force); announcements are moments.
    const current = plan ? currentEntry(plan, now, 'music') : null;
    const next = plan?.find((e) => Date.parse(e.at) > now) ?? null;
    const upcoming = (plan ?? []).filter((e): e is AnnouncementPlanEntry => e.kind === 'announcement' && Date.parse(e.at) > now).slice(0, 3);
    return html`<section class="card" data-card="plan">
      <h2>${t('deskPlanTitle')}</h2>
      ${!plan
        ? html`<div class="empty">${t('loading')}</div>`
        : plan.length === 0
          ? html`<div class="empty">${t('deskPlanEmpty')}</div>`
          : html`<ol class="timeline" tabindex="0" aria-label=${t('deskPlanTitle')}>
              ${plan.map((entry) => {
                const isCurrent = entry === current;
                const past = !isCurrent && Date.parse(entry.at) <= now;
                const row = html`<li class="${entry.kind} ${isCurrent ? 'current' : past ? 'past' : ''}" ?data-current=${isCurrent} ?data-next=${entry === next} data-kind=${entry.kind}>
                  <span class="time">${planTime(entry, plan[0])}</span><span class="dot"></span>
                  <span class="label">${this._planLabel(entry)}${isCurrent ? html`<span class="now-tag">${t('deskNow')}</span>` : nothing}</span>
                </li>`;
                return entry === next ? html`${this._nowLine(now)}${row}` : row;
              })}
              ${next ? nothing : this._nowLine(now)}
            </ol>`}
      <h3>${t('deskNextAnnouncements')}</h3>
      ${upcoming.length === 0
        ? html`<div class="empty" data-next-empty>${t('deskNoNextAnnouncements')}</div>`
        : html`<ul class="next">
            ${upcoming.map((e) => html`<li><span class="time">${e.at.slice(11, 16)}</span>${this._reason(e.reason)} · ${t('deskPlanTake', { n: e.take })}</li>`)}
          </ul>`}
    </section>`;
  }

  /** The red "now" mark between what has happened and what comes next. */
  private _nowLine(now: number) {
    return html`<li class="now-line" data-now><span class="time">${this._clock(new Date(now).toISOString())}</span><span class="dot"></span><span class="rule"></span></li>`;
  }

  private _reason(reason: string): string {
    return reason === 'class' ? t('deskReasonClass') : reason === 'closing' ? t('deskReasonClosing') : reason;
  }

  private _planLabel(entry: PlanEntry) {
    switch (entry.kind) {
      case 'music':
        return entry.playlist ? t('deskPlanMusic', { playlist: this._playlist(entry.playlist), n: entry.volume }) : t('deskPlanMusicStop');
      case 'off':
        return t('deskPlanOff');
      case 'announcement':
        return html`${this._reason(entry.reason)} · ${t('deskPlanTake', { n: entry.take })}<small>${locale.get() === 'en' && entry.textEn ? entry.textEn : entry.text}</small>`;
    }
  }

  private _printerCard() {
    const printout = this._printouts?.[0] ?? null;
    const roles = currentSession()?.staff.roles ?? [];
    const allowed = roles.includes('front_desk') || roles.includes('manager');
    return html`<section class="card" data-card="printer-demo">
      <h2>${t('deskPrinterDemoTitle')}</h2>
      ${printout
        ? html`<p class="ticket-meta">${t('deskLastTicket', { time: this._clock(printout.at, true), bytes: printout.bytes })}</p>
            <div class="paper-wrap">${this._paper(printout)}</div>`
        : html`<div class="empty" data-no-ticket>${t('deskNoTicket')}</div>`}
      <h3>${t('deskSimulate')}</h3>
      ${allowed
        ? html`<div class="sim">
            ${SIM_BUTTONS.map(
              (b, i) => html`<big-button class=${i === 0 ? 'wide' : ''} data-condition=${b.condition} variant=${b.variant} ?disabled=${this._simBusy} @click=${() => this._simulate(b.condition)}
                >${t(b.label)}</big-button
              >`,
            )}
          </div>`
        : html`<div class="empty">${t('deskSimNoRole')}</div>`}
      ${this._simError ? html`<div class="status"><span class="error" role="alert"><error-text .error=${this._simError}></error-text></span></div>` : nothing}
    </section>`;
  }

  /** The ticket as it came out of the printer: its lines, the big number and the QR where it was printed. */
  private _paper(printout: SimPrintout) {
    const lines = printout.lines;
    // The QR is printed just above its caption ("扫码…"); without one, at the end.
    let qrAt = lines.findIndex((l) => /扫码|scan/i.test(l.text));
    if (qrAt < 0) qrAt = lines.length;
    const qr = printout.qr[0]?.data;
    const line = (l: SimPrintout['lines'][number]) =>
      html`<div class="line ${l.align} ${l.bold ? 'bold' : ''} ${l.height >= 2 || l.width >= 2 ? 'big' : ''}">${l.text}</div>`;
    return html`<div class="paper" data-ticket=${printout.number}>
      ${lines.slice(0, qrAt).map(line)}
      ${qr ? html`<div class="qr"><qr-code value=${qr}></qr-code></div>` : nothing}
      ${lines.slice(qrAt).map(line)}
    </div>`;
  }
}

/** The entry's local time as printed in the plan; the next day's midnight (quiet hours at 24:00) reads "24:00". */
function planTime(entry: PlanEntry, first: PlanEntry): string {
  const time = entry.at.slice(11, 16);
  return time === '00:00' && entry.at.slice(0, 10) > first.at.slice(0, 10) ? '24:00' : time;
}

declare global {
  interface HTMLElementTagNameMap {
    'desk-screen': DeskScreen;
  }
}
