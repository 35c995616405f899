import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fetchSites, fleetSession, followFleet, type SiteSummary } from '../api/fleet.js';
import { percent } from '../api/ratings.js';
import type { Bilingual } from '../api/types.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { ago, minutes, pickLanguage, rateLevel, trouble } from './fleet-format.js';
import { every, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/error-text.js';
import '../components/fleet-frame.js';

const text = {
  online: { zh: '在线', en: 'Online' },
  offline: { zh: '离线', en: 'Offline' },
  waiting: { zh: '正在等候', en: 'Waiting now' },
  faults: { zh: '设备故障', en: 'Device faults' },
  overdue: { zh: '逾期回访', en: 'Overdue follow-ups' },
  keysOut: { zh: '借出钥匙', en: 'Keys out' },
  site: { zh: '门店', en: 'Site' },
  status: { zh: '状态', en: 'Status' },
  wait: { zh: '等候', en: 'Waiting' },
  longest: { zh: '最长等候', en: 'Longest' },
  level: { zh: '今日服务水平', en: 'Service level' },
  satisfaction: { zh: '今日满意率', en: 'Satisfaction' },
  followUps: { zh: '回访 待办/逾期', en: 'Follow-ups' },
  keys: { zh: '钥匙 借出/逾期', en: 'Keys' },
  devices: { zh: '设备', en: 'Devices' },
  alerts: { zh: '提醒', en: 'Alerts' },
  problemsOnly: { zh: '只看异常', en: 'Problems only' },
  all: { zh: '全部', en: 'All' },
  none: { zh: '没有可查看的门店', en: 'No sites to show' },
  allOk: { zh: '全部正常', en: 'All fine' },
} satisfies Record<string, Bilingual>;

/**
 * `/fleet` (central): every site of the manager at a glance, problems first — online or offline
 * (from the Last Will) and since when, waiting now and the longest wait, today's service level and
 * satisfaction, follow-ups, keys, device faults and the latest alert. Live: each `event: site`
 * replaces its row; the list is reloaded whenever the stream (re)connects.
 */
@customElement('fleet-screen')
export class FleetScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _sites = new Map<string, SiteSummary>();
  @state() private _loaded = false;
  @state() private _live = false;
  @state() private _problemsOnly = false;
  @state() private _error: unknown = null;

  static override styles = [
    tokens,
    css`
      :host { display: block; }
      .content { padding: 16px 20px; display: flex; flex-direction: column; gap: 14px; height: calc(100vh - 72px); box-sizing: border-box; }
      .summary { display: grid; grid-template-columns: repeat(6, 1fr); gap: 12px; }
      .tile { background: var(--fd-surface); border-radius: 14px; padding: 10px 16px; box-shadow: 0 1px 4px rgb(0 0 0 / 0.08); }
      .tile .label { font-size: 16px; color: var(--fd-muted); white-space: nowrap; }
      .tile .big { font-size: 32px; font-weight: 800; font-variant-numeric: tabular-nums; }
      .tile[data-bad='true'] .big { color: var(--fd-danger); }
      .filters { display: flex; gap: 8px; align-items: center; }
      .filters button { font: inherit; font-size: 17px; min-height: 48px; padding: 0 18px; border-radius: 12px; border: 2px solid #cbd5e1; background: #fff; cursor: pointer; }
      .filters button[aria-pressed='true'] { border-color: var(--fd-primary); background: #eff6ff; font-weight: 700; }
      .scroll { flex: 1; overflow: auto; background: var(--fd-surface); border-radius: 14px; box-shadow: 0 1px 4px rgb(0 0 0 / 0.08); }
      table { width: 100%; border-collapse: collapse; font-size: 17px; font-variant-numeric: tabular-nums; }
      th { position: sticky; top: 0; background: #e2e8f0; text-align: left; font-size: 15px; padding: 8px 10px; white-space: nowrap; z-index: 1; }
      td { padding: 0 10px; height: 52px; border-top: 1px solid #e5e7eb; white-space: nowrap; }
      td.num, th.num { text-align: right; }
      tr[data-online='false'] { background: #fef2f2; }
      tr:hover { background: #f1f5f9; }
      a.site { display: flex; align-items: center; min-height: 48px; font-weight: 700; color: var(--fd-primary); text-decoration: none; }
      .state { display: inline-flex; align-items: center; gap: 6px; }
      .dot { width: 12px; height: 12px; border-radius: 50%; background: var(--fd-ok); flex: none; }
      [data-online='false'] .dot { background: var(--fd-danger); }
      .since { color: var(--fd-muted); font-size: 15px; }
      .good { color: var(--fd-ok); } .warn { color: var(--fd-warn); font-weight: 700; } .bad { color: var(--fd-danger); font-weight: 700; }
      /* Devices and alerts share what the figures leave, cut with an ellipsis (the full text is the tooltip). */
      td.devices, td.alert { max-width: 0; overflow: hidden; text-overflow: ellipsis; }
      td.devices { width: 24%; }
      td.alert { width: 26%; color: #92400e; }
      .fault { color: var(--fd-danger); font-weight: 700; }
      .ok { color: var(--fd-muted); }
      .error, .empty { padding: 24px; font-size: 20px; }
      @media (min-width: 1600px) { table { font-size: 19px; } }
    `,
  ];

  constructor() {
    super();
    watch(this, locale, fleetSession);
    every(this, 30_000, () => this.requestUpdate()); // "since" texts age
    followFleet(this, {
      onSite: (site) => (this._sites = new Map(this._sites).set(site.site, site)),
      onOpen: () => {
        this._live = true;
        void this._load();
      },
      onClosed: () => (this._live = false),
    });
  }

  private async _load(): Promise<void> {
    try {
      this._sites = new Map((await fetchSites()).map((s) => [s.site, s]));
      this._error = null;
    } catch (error) {
      this._error = error;
    } finally {
      this._loaded = true;
    }
  }

  override render() {
    return html`<fleet-frame tab="overview" .live=${this._live}>${fleetSession.get() ? this._content() : nothing}</fleet-frame>`;
  }

  private _content() {
    const all = [...this._sites.values()];
    const sorted = all.sort((a, b) => trouble(b) - trouble(a) || a.site.localeCompare(b.site));
    const shown = this._problemsOnly ? sorted.filter((s) => trouble(s) > 0) : sorted;
    const sum = (pick: (s: SiteSummary) => number) => all.reduce((n, s) => n + pick(s), 0);
    const offline = all.filter((s) => !s.online).length;
    const tile = (key: string, label: Bilingual, value: number | string, bad = false) =>
      html`<div class="tile" data-k=${key} data-bad=${String(bad)}><div class="label">${primary(label)} <small>${secondary(label)}</small></div><div class="big">${value}</div></div>`;
    return html`<div class="content">
      <div class="summary">
        ${tile('online', text.online, `${all.length - offline}/${all.length}`)}
        ${tile('offline', text.offline, offline, offline > 0)}
        ${tile('waiting', text.waiting, sum((s) => s.waiting))}
        ${tile('faults', text.faults, sum((s) => s.faults.length), sum((s) => s.faults.length) > 0)}
        ${tile('overdue', text.overdue, sum((s) => s.followUpsOverdue), sum((s) => s.followUpsOverdue) > 0)}
        ${tile('keys', text.keysOut, sum((s) => s.keysOut))}
      </div>
      <div class="filters">
        <button aria-pressed=${String(!this._problemsOnly)} @click=${() => (this._problemsOnly = false)}>${primary(text.all)} (${all.length})</button>
        <button data-action="problems" aria-pressed=${String(this._problemsOnly)} @click=${() => (this._problemsOnly = true)}>${primary(text.problemsOnly)} (${all.filter((s) => trouble(s) > 0).length})</button>
      </div>
      ${this._error ? html`<div class="error" role="alert"><error-text .error=${this._error}></error-text></div>` : nothing}
      <div class="scroll">
        ${this._loaded && shown.length === 0 ? html`<div class="empty">${primary(this._problemsOnly ? text.allOk : text.none)}</div>` : this._table(shown)}
      </div>
    </div>`;
  }

  private _table(sites: SiteSummary[]) {
    const th = (label: Bilingual, num = false) => html`<th class=${num ? 'num' : ''} title=${secondary(label)}>${primary(label)}</th>`;
    return html`<table>
      <thead><tr>${th(text.site)}${th(text.status)}${th(text.wait, true)}${th(text.longest, true)}${th(text.level, true)}${th(text.satisfaction, true)}${th(text.followUps, true)}${th(text.keys, true)}${th(text.devices)}${th(text.alerts)}</tr></thead>
      <tbody>${sites.map((s) => this._row(s))}</tbody>
    </table>`;
  }

  private _row(s: SiteSummary) {
    const level = rateLevel(s.serviceLevelToday, 0.8, 0.6);
    const satisfaction = rateLevel(s.satisfactionRateToday, 0.9, 0.75);
    const latest = s.alerts[0];
    return html`<tr data-site=${s.site} data-online=${String(s.online)}>
      <td><a class="site" href="/fleet/sites/${encodeURIComponent(s.site)}">${s.site}</a></td>
      <td><span class="state" data-online=${String(s.online)}><span class="dot"></span>${primary(s.online ? text.online : text.offline)} <span class="since">${ago(s.since)}</span></span></td>
      <td class="num" data-k="waiting">${s.waiting}</td>
      <td class="num ${s.longestWaitSec >= 1200 ? 'bad' : s.longestWaitSec >= 600 ? 'warn' : ''}">${s.waiting ? minutes(s.longestWaitSec) : '—'}</td>
      <td class="num ${level}">${percent(s.serviceLevelToday)}</td>
      <td class="num ${satisfaction}">${percent(s.satisfactionRateToday)}</td>
      <td class="num">${s.followUpsOpen} / <span class=${s.followUpsOverdue ? 'bad' : ''}>${s.followUpsOverdue}</span></td>
      <td class="num">${s.keysOut} / <span class=${s.keysOverdue ? 'bad' : ''}>${s.keysOverdue}</span></td>
      <td class="devices" data-k="faults" title=${s.faults.map((f) => `${f.device}: ${f.detail ?? f.state}`).join('\n')}>${s.faults.length
        ? html`<span class="fault">⚠ ${s.faults.map((f) => `${f.device} ${pickLanguage(f.detail ?? f.state)}`).join(' · ')}</span>`
        : html`<span class="ok">OK</span>`}</td>
      <td class="alert" title=${latest ? pickLanguage(latest.message) : ''}>${latest ? html`${s.alerts.length > 1 ? `(${s.alerts.length}) ` : ''}${pickLanguage(latest.message)}` : ''}</td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fleet-screen': FleetScreen;
  }
}
