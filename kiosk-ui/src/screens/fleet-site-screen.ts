import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fetchSite, fleetSession, followFleet, type SiteDetail } from '../api/fleet.js';
import { percent } from '../api/ratings.js';
import type { Bilingual } from '../api/types.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { ago, minutes, pickLanguage } from './fleet-format.js';
import { siteDateTime } from '../lib/site-time.js';
import { watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/error-text.js';
import '../components/fleet-frame.js';

const text = {
  back: { zh: '← 全部门店', en: '← All sites' },
  online: { zh: '在线', en: 'Online' },
  offline: { zh: '离线', en: 'Offline' },
  lastSeen: { zh: '最后消息', en: 'Last message' },
  waiting: { zh: '正在等候', en: 'Waiting now' },
  longest: { zh: '最长等候', en: 'longest' },
  level: { zh: '今日服务水平', en: 'Service level today' },
  satisfaction: { zh: '今日满意率', en: 'Satisfaction today' },
  followUps: { zh: '回访 待办', en: 'Follow-ups open' },
  overdue: { zh: '逾期', en: 'overdue' },
  keys: { zh: '借出钥匙', en: 'Keys out' },
  events: { zh: '今日事件', en: 'Events today' },
  queue: { zh: '各业务排队', en: 'Queue by service' },
  service: { zh: '业务', en: 'Service' },
  devices: { zh: '设备', en: 'Devices' },
  alerts: { zh: '提醒', en: 'Alerts' },
  gaps: { zh: '事件缺口（seq）', en: 'Event gaps (seq)' },
  recent: { zh: '最近事件', en: 'Recent events' },
  none: { zh: '无', en: 'None' },
  filled: { zh: '已补齐', en: 'filled' },
  open: { zh: '未补齐', en: 'missing' },
  version: { zh: '版本', en: 'Version' },
} satisfies Record<string, Bilingual>;

type QueueService = { id: string; letter?: string; waiting: number; oldestWaitSec: number };

/**
 * `/fleet/sites/:site` (central): one site in detail — its state, today's figures, the queue per
 * service, every device, alerts, seq gaps central noticed, and the latest events. Reloaded live
 * whenever central reports a change of this site.
 */
@customElement('fleet-site-screen')
export class FleetSiteScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _site: SiteDetail | null = null;
  @state() private _live = false;
  @state() private _error: unknown = null;
  private _reloading: Promise<void> | null = null;
  private _again = false;

  static override styles = [
    tokens,
    css`
      :host { display: block; }
      .content { padding: 16px 20px; display: flex; flex-direction: column; gap: 14px; }
      .head { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; }
      .head a { display: inline-flex; align-items: center; min-height: 48px; font-size: 18px; color: var(--fd-primary); text-decoration: none; }
      h2 { margin: 0; font-size: 30px; }
      .state { font-size: 20px; font-weight: 700; padding: 4px 14px; border-radius: 999px; color: #fff; background: var(--fd-ok); }
      .state[data-online='false'] { background: var(--fd-danger); }
      .muted { font-size: 16px; }
      .kpis { display: grid; grid-template-columns: repeat(6, 1fr); gap: 12px; }
      .card { background: var(--fd-surface); border-radius: 14px; padding: 12px 16px; box-shadow: 0 1px 4px rgb(0 0 0 / 0.08); min-width: 0; }
      .card .label { font-size: 16px; color: var(--fd-muted); }
      .card .big { font-size: 32px; font-weight: 800; font-variant-numeric: tabular-nums; }
      .grid { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 12px; align-items: start; }
      h3 { margin: 0 0 8px; font-size: 19px; }
      table + h3, ul + h3 { margin-top: 18px; }
      h3 small { font-weight: 400; color: var(--fd-muted); font-size: 15px; }
      table { width: 100%; border-collapse: collapse; font-size: 16px; font-variant-numeric: tabular-nums; }
      td { padding: 6px 4px; border-top: 1px solid #e5e7eb; vertical-align: top; }
      td.num { text-align: right; white-space: nowrap; }
      .dev[data-state='fault'], .dev[data-state='offline'] { color: var(--fd-danger); font-weight: 700; }
      .dev[data-state='degraded'] { color: var(--fd-warn); font-weight: 700; }
      .detail { color: var(--fd-muted); font-size: 14px; overflow-wrap: anywhere; }
      ul { margin: 0; padding: 0; list-style: none; font-size: 16px; }
      li { padding: 6px 0; border-top: 1px solid #e5e7eb; overflow-wrap: anywhere; }
      .when { color: var(--fd-muted); font-size: 14px; margin-right: 6px; white-space: nowrap; }
      .error { padding: 12px 0; font-size: 20px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale, fleetSession);
    followFleet(this, {
      onSite: (site) => {
        if (site.site === this.params.site) void this._reload();
      },
      onOpen: () => {
        this._live = true;
        void this._reload();
      },
      onClosed: () => (this._live = false),
    });
  }

  /** One fetch at a time; changes arriving meanwhile cause one more afterwards. */
  private _reload(): Promise<void> {
    if (this._reloading) {
      this._again = true;
      return this._reloading;
    }
    this._reloading = (async () => {
      do {
        this._again = false;
        try {
          this._site = await fetchSite(this.params.site ?? '');
          this._error = null;
        } catch (error) {
          this._error = error;
        }
      } while (this._again);
      this._reloading = null;
    })();
    return this._reloading;
  }

  override render() {
    return html`<fleet-frame tab="site" .live=${this._live}>${fleetSession.get() ? this._content() : nothing}</fleet-frame>`;
  }

  private _content() {
    const s = this._site;
    return html`<div class="content">
      <div class="head">
        <a href="/fleet">${primary(text.back)}</a>
        <h2 data-site=${this.params.site ?? ''}>${this.params.site}</h2>
        ${s
          ? html`<span class="state" data-online=${String(s.online)}>${primary(s.online ? text.online : text.offline)} · ${ago(s.since)}</span>
              <span class="muted">${primary(text.lastSeen)} ${s.lastSeen ? siteDateTime(s.lastSeen, s.timezone) : '—'}${typeof s.status?.version === 'string' ? ` · ${primary(text.version)} ${s.status.version}` : ''}</span>`
          : nothing}
      </div>
      ${this._error ? html`<div class="error" role="alert"><error-text .error=${this._error}></error-text></div>` : nothing}
      ${s ? this._body(s) : nothing}
    </div>`;
  }

  private _body(s: SiteDetail) {
    const kpi = (key: string, label: Bilingual, big: string | number, small = '') =>
      html`<div class="card" data-k=${key}><div class="label">${primary(label)}</div><div class="big">${big}</div><div class="label">${small}</div></div>`;
    const services = ((s.queue?.services ?? []) as QueueService[]).filter((q) => typeof q.id === 'string');
    const head = (label: Bilingual) => html`<h3>${primary(label)} <small>${secondary(label)}</small></h3>`;
    return html`
      <div class="kpis">
        ${kpi('waiting', text.waiting, s.waiting, s.waiting ? `${primary(text.longest)} ${minutes(s.longestWaitSec)}` : '')}
        ${kpi('level', text.level, percent(s.serviceLevelToday))}
        ${kpi('satisfaction', text.satisfaction, percent(s.satisfactionRateToday))}
        ${kpi('followups', text.followUps, s.followUpsOpen, `${primary(text.overdue)} ${s.followUpsOverdue}`)}
        ${kpi('keys', text.keys, s.keysOut, `${primary(text.overdue)} ${s.keysOverdue}`)}
        ${kpi('events', text.events, s.eventsToday, s.lastSeq === null ? '' : `seq ${s.lastSeq}`)}
      </div>
      <div class="grid">
        <div class="card">
          ${head(text.devices)}
          <table>
            ${s.devices.length === 0 ? html`<tr><td>${primary(text.none)}</td></tr>` : nothing}
            ${s.devices.map(
              (d) => html`<tr class="dev" data-device=${d.device} data-state=${d.state}>
                <td>${d.device} <span class="detail">${d.kind}</span>${d.detail ? html`<div class="detail">${d.detail}</div>` : nothing}</td>
                <td class="num">${d.state}${d.since ? html`<div class="detail">${ago(d.since)}</div>` : nothing}</td>
              </tr>`,
            )}
          </table>
          ${head(text.queue)}
          <table>
            ${services.map((q) => html`<tr><td>${q.letter ? `${q.letter} · ` : ''}${q.id}</td><td class="num">${q.waiting}</td><td class="num">${q.waiting ? minutes(q.oldestWaitSec) : '—'}</td></tr>`)}
          </table>
        </div>
        <div class="card">
          ${head(text.alerts)}
          <ul data-k="alerts">
            ${s.alerts.length === 0 ? html`<li>${primary(text.none)}</li>` : nothing}
            ${s.alerts.map((a) => html`<li><span class="when">${siteDateTime(a.at, undefined)}</span>${pickLanguage(a.message)}</li>`)}
          </ul>
          ${head(text.gaps)}
          <ul data-k="gaps">
            ${s.gaps.length === 0 ? html`<li>${primary(text.none)}</li>` : nothing}
            ${s.gaps.map((g) => html`<li>${g.fromSeq}–${g.toSeq} · ${primary(g.filledAt ? text.filled : text.open)} <span class="when">${siteDateTime(g.detectedAt, undefined)}</span></li>`)}
          </ul>
        </div>
        <div class="card">
          ${head(text.recent)}
          <ul data-k="recent">
            ${s.recentEvents.slice(0, 14).map((e) => html`<li><span class="when">${siteDateTime(e.at, undefined)}</span>${e.type} <span class="detail">#${e.seq}</span></li>`)}
          </ul>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fleet-site-screen': FleetSiteScreen;
  }
}
