import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { downloadFleetCsv, fetchFleetReport, fleetSession, type FleetReport } from '../api/fleet.js';
import { percent } from '../api/ratings.js';
import type { Bilingual } from '../api/types.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { presets, todayIn, type Preset } from '../lib/date-ranges.js';
import { minutes, rateLevel } from './fleet-format.js';
import { SubscriptionController, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/error-text.js';
import '../components/fleet-frame.js';

const text = {
  title: { zh: '跨店报表', en: 'Cross-site report' },
  from: { zh: '从', en: 'From' },
  to: { zh: '到', en: 'To' },
  show: { zh: '查询', en: 'Show' },
  csv: { zh: '导出 CSV', en: 'Export CSV' },
  thisWeek: { zh: '本周', en: 'This week' },
  lastWeek: { zh: '上周', en: 'Last week' },
  thisMonth: { zh: '本月', en: 'This month' },
  lastMonth: { zh: '上月', en: 'Last month' },
  rank: { zh: '排名', en: 'Rank' },
  site: { zh: '门店', en: 'Site' },
  served: { zh: '办结', en: 'Served' },
  waitMean: { zh: '平均等候', en: 'Mean wait' },
  waitP90: { zh: '等候 p90', en: 'Wait p90' },
  level: { zh: '服务水平', en: 'Service level' },
  satisfaction: { zh: '满意率', en: 'Satisfaction' },
  response: { zh: '参评率', en: 'Response' },
  complaints: { zh: '投诉率', en: 'Complaints' },
  overdue: { zh: '逾期回访', en: 'Late follow-ups' },
  keysOverdue: { zh: '钥匙逾期', en: 'Keys late' },
  total: { zh: '合计', en: 'All sites' },
  noData: { zh: '此期间没有数据', en: 'No data in this period' },
} satisfies Record<string, Bilingual>;

/**
 * `/fleet/reports` (central): the desk's report figures over every site of the manager for a week
 * or a month (or any range), the total first and then the sites ranked by service level and
 * satisfaction; CSV as central writes it.
 */
@customElement('fleet-reports-screen')
export class FleetReportsScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _from = presets(todayIn(undefined)).lastWeek[0];
  @state() private _to = presets(todayIn(undefined)).lastWeek[1];
  @state() private _report: FleetReport | null = null;
  @state() private _loading = false;
  @state() private _error: unknown = null;

  static override styles = [
    tokens,
    css`
      :host { display: block; }
      .content { padding: 16px 20px; display: flex; flex-direction: column; gap: 12px; height: calc(100vh - 72px); box-sizing: border-box; }
      .bar { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
      h2 { margin: 0 12px 0 0; font-size: 26px; }
      h2 small { font-size: 16px; font-weight: 400; color: var(--fd-muted); }
      label { font-size: 17px; display: inline-flex; align-items: center; gap: 6px; }
      input { font: inherit; font-size: 17px; min-height: 48px; padding: 0 10px; border: 2px solid #cbd5e1; border-radius: 10px; }
      button { font: inherit; font-size: 17px; min-height: 48px; padding: 0 16px; border-radius: 12px; border: 2px solid #cbd5e1; background: #fff; cursor: pointer; }
      button.primary { background: var(--fd-primary); border-color: var(--fd-primary); color: #fff; font-weight: 700; }
      .scroll { flex: 1; overflow: auto; background: var(--fd-surface); border-radius: 14px; box-shadow: 0 1px 4px rgb(0 0 0 / 0.08); }
      table { width: 100%; border-collapse: collapse; font-size: 17px; font-variant-numeric: tabular-nums; }
      th { position: sticky; top: 0; background: #e2e8f0; font-size: 15px; padding: 8px 10px; text-align: right; white-space: nowrap; }
      th:nth-child(-n + 2) { text-align: left; }
      td { padding: 0 10px; height: 46px; border-top: 1px solid #e5e7eb; text-align: right; white-space: nowrap; }
      td:nth-child(-n + 2) { text-align: left; }
      tr.total { background: #eff6ff; font-weight: 800; }
      a { color: var(--fd-primary); font-weight: 700; text-decoration: none; display: inline-flex; min-height: 44px; align-items: center; }
      .good { color: var(--fd-ok); } .warn { color: var(--fd-warn); font-weight: 700; } .bad { color: var(--fd-danger); font-weight: 700; }
      .error, .empty { padding: 16px; font-size: 20px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale, fleetSession);
    new SubscriptionController(this, () => {
      const load = () => {
        if (fleetSession.get()) void this._load();
      };
      load();
      return fleetSession.subscribe(load);
    });
  }

  private async _load(): Promise<void> {
    this._loading = true;
    try {
      this._report = await fetchFleetReport(this._from, this._to);
      this._error = null;
    } catch (error) {
      this._error = error;
    } finally {
      this._loading = false;
    }
  }

  private _preset(name: Preset): void {
    [this._from, this._to] = presets(todayIn(undefined))[name];
    void this._load();
  }

  override render() {
    return html`<fleet-frame tab="reports">${fleetSession.get() ? this._content() : nothing}</fleet-frame>`;
  }

  private _content() {
    const r = this._report;
    return html`<div class="content">
      <div class="bar">
        <h2>${primary(text.title)} <small>${secondary(text.title)}</small></h2>
        ${(['thisWeek', 'lastWeek', 'thisMonth', 'lastMonth'] as const).map((p) => html`<button data-preset=${p} @click=${() => this._preset(p)}>${primary(text[p])}</button>`)}
      </div>
      <div class="bar">
        <label>${primary(text.from)} <input type="date" name="from" .value=${this._from} @change=${(e: Event) => (this._from = (e.target as HTMLInputElement).value)} /></label>
        <label>${primary(text.to)} <input type="date" name="to" .value=${this._to} @change=${(e: Event) => (this._to = (e.target as HTMLInputElement).value)} /></label>
        <button class="primary" data-action="show" ?disabled=${this._loading} @click=${() => void this._load()}>${primary(text.show)}</button>
        <button data-action="csv" @click=${() => void downloadFleetCsv(this._from, this._to).catch((e: unknown) => (this._error = e))}>${primary(text.csv)}</button>
      </div>
      ${this._error ? html`<div class="error" role="alert"><error-text .error=${this._error}></error-text></div>` : nothing}
      <div class="scroll">${r ? this._table(r) : nothing}</div>
    </div>`;
  }

  private _table(r: FleetReport) {
    const cols: Bilingual[] = [text.rank, text.site, text.served, text.waitMean, text.waitP90, text.level, text.satisfaction, text.response, text.complaints, text.overdue, text.keysOverdue];
    type Figures = Omit<FleetReport, 'from' | 'to' | 'days' | 'sites'>;
    const cells = (f: Figures) => html`
      <td>${f.tickets.served}</td>
      <td>${minutes(f.waitSec.mean)}</td>
      <td>${minutes(f.waitSec.p90)}</td>
      <td class=${rateLevel(f.serviceLevel, 0.8, 0.6)}>${percent(f.serviceLevel)}</td>
      <td class=${rateLevel(f.ratings.rate, 0.9, 0.75)}>${percent(f.ratings.rate)}</td>
      <td>${percent(f.ratings.responseRate)}</td>
      <td>${percent(f.complaints.rate)}</td>
      <td class=${f.followUps.overdue ? 'bad' : ''}>${f.followUps.overdue}</td>
      <td class=${f.keys.overdue ? 'bad' : ''}>${f.keys.overdue}</td>`;
    if (r.sites.length === 0) return html`<div class="empty">${primary(text.noData)}</div>`;
    return html`<table>
      <thead><tr>${cols.map((c) => html`<th title=${secondary(c)}>${primary(c)}</th>`)}</tr></thead>
      <tbody>
        <tr class="total"><td></td><td>${primary(text.total)} (${r.sites.length}) · ${r.from} – ${r.to}</td>${cells(r)}</tr>
        ${r.sites.map((s) => html`<tr data-site=${s.site}><td>${s.rank}</td><td><a href="/fleet/sites/${encodeURIComponent(s.site)}">${s.site}</a></td>${cells(s)}</tr>`)}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fleet-reports-screen': FleetReportsScreen;
  }
}
