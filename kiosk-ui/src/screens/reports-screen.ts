import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cachedPublicConfig, getPublicConfig } from '../api/config.js';
import { readableError, type ReadableError } from '../api/error-message.js';
import { downloadReportCsv, fetchReport, fetchScheduledReports, type GroupBy, type Report, type StoredReportEntry } from '../api/reports.js';
import { percent } from '../api/ratings.js';
import type { Bilingual } from '../api/types.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { presets, todayIn } from '../lib/date-ranges.js';
import { watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';

const text = {
  title: { zh: '报表', en: 'Reports' },
  from: { zh: '从', en: 'From' },
  to: { zh: '到', en: 'To' },
  by: { zh: '分组', en: 'Group by' },
  none: { zh: '不分组', en: 'No grouping' },
  show: { zh: '查询', en: 'Show' },
  csv: { zh: '导出 CSV', en: 'Export CSV' },
  print: { zh: '打印 / PDF', en: 'Print / PDF' },
  thisWeek: { zh: '本周', en: 'This week' },
  lastWeek: { zh: '上周', en: 'Last week' },
  thisMonth: { zh: '本月', en: 'This month' },
  lastMonth: { zh: '上月', en: 'Last month' },
  issued: { zh: '取号', en: 'Issued' },
  served: { zh: '办结', en: 'Served' },
  noShows: { zh: '过号', en: 'No-shows' },
  transferred: { zh: '转移', en: 'Transferred' },
  unserved: { zh: '未办理', en: 'Unserved' },
  wait: { zh: '等候时间', en: 'Wait' },
  service: { zh: '办理时间', en: 'Service time' },
  level: { zh: '服务水平', en: 'Service level' },
  levelHint: { zh: '目标时间内叫号', en: 'called within target' },
  satisfaction: { zh: '满意率', en: 'Satisfaction' },
  response: { zh: '参评率', en: 'response' },
  complaints: { zh: '投诉率', en: 'Complaint rate' },
  followUps: { zh: '回访按时率', en: 'Follow-ups on time' },
  recovery: { zh: '挽回率', en: 'recovery' },
  keys: { zh: '钥匙借出', en: 'Key handouts' },
  overdue: { zh: '逾期', en: 'overdue' },
  lost: { zh: '遗失', en: 'lost' },
  arrivals: { zh: '各时段取号（高峰）', en: 'Arrivals by hour (peaks)' },
  heatmap: { zh: '满意率：星期 × 时段', en: 'Satisfaction: weekday × hour' },
  counters: { zh: '窗口效率', en: 'Counter productivity' },
  counter: { zh: '窗口', en: 'Counter' },
  openHours: { zh: '在岗小时', en: 'Open h' },
  perHour: { zh: '每小时办结', en: 'Served/h' },
  idle: { zh: '空闲', en: 'Idle' },
  paused: { zh: '暂停', en: 'Paused' },
  flags: { zh: '提示', en: 'Flags' },
  groups: { zh: '分组明细', en: 'Groups' },
  scheduled: { zh: '定期报表', en: 'Scheduled reports' },
  weekly: { zh: '周报', en: 'Weekly' },
  monthly: { zh: '月报', en: 'Monthly' },
  complaintsNote: { zh: '投诉 = 投诉业务的取号（投诉登记上线前）', en: 'Complaints = tickets of the complaints service (until complaints are logged)' },
} satisfies Record<string, Bilingual>;

const flagNames: Record<string, Bilingual> = {
  low_response: { zh: '参评率偏低（疑未邀评）', en: 'Low response (prompt skipped?)' },
  all_satisfied: { zh: '全部满意（疑代评）', en: 'All satisfied (pressed for customers?)' },
};
const reasonNames: Record<string, Bilingual> = {
  lunch: { zh: '午餐', en: 'Lunch' },
  training: { zh: '培训', en: 'Training' },
  meeting: { zh: '会议', en: 'Meeting' },
  other: { zh: '其他', en: 'Other' },
};
const weekdayNames: Bilingual[] = [
  { zh: '一', en: 'Mon' },
  { zh: '二', en: 'Tue' },
  { zh: '三', en: 'Wed' },
  { zh: '四', en: 'Thu' },
  { zh: '五', en: 'Fri' },
  { zh: '六', en: 'Sat' },
  { zh: '日', en: 'Sun' },
];
const groupOptions: (GroupBy | '')[] = ['', 'day', 'hour', 'service', 'counter', 'staff'];
const groupNames: Record<GroupBy | '', Bilingual> = {
  '': text.none,
  day: { zh: '按日', en: 'Day' },
  hour: { zh: '按时段', en: 'Hour' },
  service: { zh: '按业务', en: 'Service' },
  counter: { zh: '按窗口', en: 'Counter' },
  staff: { zh: '按员工', en: 'Staff' },
};

const minutes = (sec: number | null) => (sec === null ? '—' : `${Math.round(sec / 6) / 10}`);
const hours = (sec: number) => `${Math.round(sec / 360) / 10}`;

/** Red (0 %) → amber → green (100 %) for the satisfaction heatmap. */
function rateColour(rate: number): string {
  const hue = Math.round(Math.max(0, Math.min(1, (rate - 0.5) / 0.5)) * 130);
  return `hsl(${hue} 65% 42%)`;
}

/**
 * `/reports` (manager): KPIs of any date range — tickets, waits, service level, satisfaction and
 * its abuse flags, complaints, follow-ups, keys — with an arrivals-by-hour peak chart, a weekday ×
 * hour satisfaction heatmap, counter productivity, CSV export and an A4 print layout.
 */
@customElement('reports-screen')
export class ReportsScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _from = presets(todayIn(cachedPublicConfig()?.site.timezone)).lastWeek[0];
  @state() private _to = presets(todayIn(cachedPublicConfig()?.site.timezone)).lastWeek[1];
  @state() private _by: GroupBy | '' = 'day';
  @state() private _report: Report | null = null;
  @state() private _scheduled: StoredReportEntry[] = [];
  @state() private _error: ReadableError | null = null;
  @state() private _loading = false;
  private _timezone = cachedPublicConfig()?.site.timezone;

  static override styles = [
    tokens,
    css`
      :host { display: block; padding: 12px 20px; font-size: 16px; }
      h2 { margin: 0; font-size: 26px; }
      h3 { margin: 0 0 6px; font-size: 18px; }
      .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-bottom: 10px; }
      .bar label { display: flex; align-items: center; gap: 4px; }
      .bar input, .bar select, .bar button { font: inherit; font-size: 16px; padding: 6px 10px; border-radius: 8px; border: 1px solid #cbd5e1; background: #fff; min-height: 40px; }
      .bar button.primary { background: var(--fd-primary, #1d4ed8); color: #fff; border-color: transparent; font-weight: 700; }
      .bar .spacer { flex: 1; }
      .kpis { display: grid; grid-template-columns: repeat(6, 1fr); gap: 8px; margin-bottom: 8px; }
      .card { background: var(--fd-surface, #fff); border-radius: 12px; padding: 8px 12px; box-shadow: 0 1px 4px rgb(0 0 0 / 0.08); break-inside: avoid; }
      .kpi .big { font-size: 30px; font-weight: 800; font-variant-numeric: tabular-nums; line-height: 1.1; }
      .kpi .label { font-size: 14px; color: var(--fd-muted, #4b5563); }
      .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin-bottom: 8px; }
      svg { width: 100%; height: auto; display: block; }
      table { width: 100%; border-collapse: collapse; font-size: 15px; font-variant-numeric: tabular-nums; }
      th, td { text-align: right; padding: 4px 6px; border-bottom: 1px solid #e5e7eb; }
      th { font-weight: 600; color: #374151; }
      th:first-child, td:first-child { text-align: left; }
      .flag { color: #b91c1c; font-weight: 600; }
      .tables { display: grid; grid-template-columns: 3fr 2fr; gap: 8px; }
      .scheduled button { font: inherit; border: none; background: none; color: var(--fd-primary, #1d4ed8); text-decoration: underline; cursor: pointer; padding: 2px 0; }
      .note { font-size: 13px; color: #6b7280; margin-top: 6px; }
      .error { color: #b91c1c; font-size: 18px; }
      .print-only { display: none; }
      @media print {
        :host { padding: 0; font-size: 11pt; }
        .bar, .scheduled { display: none; }
        .print-only { display: block; }
        .card { box-shadow: none; border: 1px solid #d1d5db; }
        .kpis { grid-template-columns: repeat(3, 1fr); }
        .charts, .tables { grid-template-columns: 1fr 1fr; }
        table { font-size: 9pt; }
      }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    ensurePrintPageStyle();
    void getPublicConfig().then(
      (config) => {
        this._timezone = config.site.timezone;
        if (!this._report) [this._from, this._to] = presets(todayIn(this._timezone)).lastWeek;
      },
      () => undefined,
    ).finally(() => void this._load());
    void fetchScheduledReports().then(
      (r) => (this._scheduled = r.reports),
      () => undefined, // the range report shows the error (e.g. not a manager)
    );
  }

  private async _load(): Promise<void> {
    this._loading = true;
    try {
      this._report = await fetchReport(this._from, this._to, this._by);
      this._error = null;
    } catch (error) {
      this._error = readableError(error);
    } finally {
      this._loading = false;
    }
  }

  private _preset(name: keyof ReturnType<typeof presets>): void {
    [this._from, this._to] = presets(todayIn(this._timezone))[name];
    void this._load();
  }

  private _open(entry: StoredReportEntry): void {
    this._from = entry.from;
    this._to = entry.to;
    this._by = 'day';
    void this._load();
  }

  override render() {
    const r = this._report;
    return html`
      <div class="bar">
        <h2>${primary(text.title)} <small class="muted">${secondary(text.title)}</small></h2>
        <span class="spacer"></span>
        <label>${primary(text.from)} <input type="date" name="from" .value=${this._from} @change=${(e: Event) => (this._from = (e.target as HTMLInputElement).value)} /></label>
        <label>${primary(text.to)} <input type="date" name="to" .value=${this._to} @change=${(e: Event) => (this._to = (e.target as HTMLInputElement).value)} /></label>
        <select name="by" aria-label=${primary(text.by)} @change=${(e: Event) => (this._by = (e.target as HTMLSelectElement).value as GroupBy | '')}>
          ${groupOptions.map((g) => html`<option value=${g} ?selected=${g === this._by}>${primary(groupNames[g])}</option>`)}
        </select>
        <button class="primary" data-action="show" ?disabled=${this._loading} @click=${() => void this._load()}>${primary(text.show)}</button>
        <button data-action="csv" @click=${() => void downloadReportCsv(this._from, this._to, this._by).catch((e) => (this._error = readableError(e)))}>${primary(text.csv)}</button>
        <button data-action="print" @click=${() => window.print()}>${primary(text.print)}</button>
      </div>
      <div class="bar">
        ${(['thisWeek', 'lastWeek', 'thisMonth', 'lastMonth'] as const).map((p) => html`<button data-preset=${p} @click=${() => this._preset(p)}>${primary(text[p])}</button>`)}
        ${this._scheduledList()}
      </div>
      ${this._error ? html`<div class="error" role="alert">${this._error.text}<small>${this._error.detail}</small></div>` : nothing}
      ${r ? this._body(r) : nothing}
    `;
  }

  private _scheduledList() {
    if (this._scheduled.length === 0) return nothing;
    return html`<span class="scheduled" data-k="scheduled">${primary(text.scheduled)}:
      ${this._scheduled.slice(0, 4).map((e) => html` <button @click=${() => this._open(e)} data-period=${e.period}>${primary(e.kind === 'weekly' ? text.weekly : text.monthly)} ${e.period}</button>`)}</span>`;
  }

  private _body(r: Report) {
    const kpi = (key: string, label: Bilingual, big: string, small: string) =>
      html`<div class="card kpi" data-k=${key}><div class="label">${primary(label)}</div><div class="big">${big}</div><div class="label">${small}</div></div>`;
    return html`
      <div class="print-only"><h2>${primary(text.title)} ${r.from} – ${r.to}</h2></div>
      <div class="kpis">
        ${kpi('tickets', text.served, `${r.tickets.served}`, `${primary(text.issued)} ${r.tickets.issued} · ${primary(text.noShows)} ${r.tickets.noShows} · ${primary(text.transferred)} ${r.tickets.transferred} · ${primary(text.unserved)} ${r.tickets.unserved}`)}
        ${kpi('wait', text.wait, `${minutes(r.waitSec.mean)}′`, `p50 ${minutes(r.waitSec.p50)}′ · p90 ${minutes(r.waitSec.p90)}′ · max ${minutes(r.waitSec.max)}′ · ${primary(text.service)} ${minutes(r.serviceSec.mean)}′`)}
        ${kpi('level', text.level, percent(r.serviceLevel), primary(text.levelHint))}
        ${kpi('satisfaction', text.satisfaction, percent(r.ratings.rate), `${r.ratings.satisfied}/${r.ratings.average}/${r.ratings.unsatisfied} · ${primary(text.response)} ${percent(r.ratings.responseRate)}`)}
        ${kpi('complaints', text.complaints, percent(r.complaints.rate), `${r.complaints.count} / ${primary(text.served)} ${r.tickets.served}`)}
        ${kpi('followups', text.followUps, percent(r.followUps.due === 0 ? null : r.followUps.onTime / r.followUps.due), `${primary(text.overdue)} ${r.followUps.overdue} · ${primary(text.recovery)} ${percent(r.followUps.recoveryRate)} · ${primary(text.keys)} ${r.keys.handouts} (${primary(text.overdue)} ${r.keys.overdue}, ${primary(text.lost)} ${r.keys.lost})`)}
      </div>
      <div class="charts">
        <div class="card"><h3>${primary(text.arrivals)} <small class="muted">${secondary(text.arrivals)}</small></h3>${this._arrivalsChart(r)}</div>
        <div class="card"><h3>${primary(text.heatmap)} <small class="muted">${secondary(text.heatmap)}</small></h3>${this._heatmap(r)}</div>
      </div>
      <div class="tables">
        <div class="card">${this._countersTable(r)}</div>
        <div class="card">${this._groupsTable(r)}</div>
      </div>
      <div class="note">${primary(text.complaintsNote)} · ${secondary(text.complaintsNote)}</div>
    `;
  }

  /** Bars per hour of the day; only the hours with any arrival (and their neighbours) are drawn. */
  private _arrivalsChart(r: Report) {
    const busy = r.arrivalsByHour.map((n, h) => (n > 0 ? h : -1)).filter((h) => h >= 0);
    const first = busy.length ? Math.max(0, busy[0] - 1) : 8;
    const last = busy.length ? Math.min(23, busy[busy.length - 1] + 1) : 18;
    const hoursShown = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    const width = 600;
    const height = 220;
    const left = 40;
    const bottom = 24;
    const max = Math.max(1, ...r.arrivalsByHour);
    const step = (width - left) / hoursShown.length;
    const scale = (height - bottom - 20) / max;
    const peak = Math.max(...r.arrivalsByHour);
    const perDay = (n: number) => Math.round((n / Math.max(1, r.days)) * 10) / 10;
    return html`<svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${primary(text.arrivals)} data-chart="arrivals">
      ${[0.5, 1].map((f) => svg`<line x1=${left} x2=${width} y1=${height - bottom - max * f * scale} y2=${height - bottom - max * f * scale} stroke="#e5e7eb"></line>
        <text x=${left - 6} y=${height - bottom - max * f * scale + 5} font-size="13" text-anchor="end" fill="#6b7280">${perDay(max * f)}</text>`)}
      ${hoursShown.map((h, i) => {
        const n = r.arrivalsByHour[h];
        const barH = n * scale;
        const x = left + i * step + step * 0.15;
        return svg`<g data-hour=${h}>
          <rect x=${x} y=${height - bottom - barH} width=${step * 0.7} height=${barH} rx="3" fill=${n === peak && n > 0 ? '#b45309' : '#2563eb'}></rect>
          <text x=${x + step * 0.35} y=${height - 6} font-size="13" text-anchor="middle" fill="#374151">${h}</text>
        </g>`;
      })}
      <text x=${width - 4} y="14" font-size="13" text-anchor="end" fill="#6b7280">${locale.get() === 'en' ? 'tickets per day' : '每日取号数'}</text>
    </svg>`;
  }

  /** Rows Monday–Sunday, columns hours; colour = satisfaction rate, number = ratings. */
  private _heatmap(r: Report) {
    const cells = r.satisfactionHeatmap;
    const hoursWithData = cells.map((c) => c.hour);
    const first = hoursWithData.length ? Math.min(...hoursWithData) : 8;
    const last = hoursWithData.length ? Math.max(...hoursWithData) : 18;
    const cols = last - first + 1;
    const width = 600;
    const left = 36;
    const top = 4;
    const rowH = 26;
    const cellW = (width - left) / cols;
    const height = top + 7 * rowH + 22;
    const at = new Map(cells.map((c) => [`${c.weekday} ${c.hour}`, c]));
    return html`<svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${primary(text.heatmap)} data-chart="heatmap">
      ${weekdayNames.map((name, w) => svg`<text x="0" y=${top + w * rowH + 18} font-size="14" fill="#374151">${primary(name)}</text>`)}
      ${Array.from({ length: cols }, (_, i) => svg`<text x=${left + i * cellW + cellW / 2} y=${height - 6} font-size="13" text-anchor="middle" fill="#374151">${first + i}</text>`)}
      ${weekdayNames.map((_, w) =>
        Array.from({ length: cols }, (_, i) => {
          const cell = at.get(`${w + 1} ${first + i}`);
          const total = cell ? cell.satisfied + cell.average + cell.unsatisfied : 0;
          const x = left + i * cellW;
          const y = top + w * rowH;
          if (!cell || total === 0) return svg`<rect x=${x + 1} y=${y + 1} width=${cellW - 2} height=${rowH - 2} fill="#f3f4f6"></rect>`;
          const rate = cell.satisfied / total;
          return svg`<g data-cell=${`${w + 1}-${first + i}`}><rect x=${x + 1} y=${y + 1} width=${cellW - 2} height=${rowH - 2} rx="3" fill=${rateColour(rate)}><title>${Math.round(rate * 100)}% (${total})</title></rect>
            ${cellW >= 28 ? svg`<text x=${x + cellW / 2} y=${y + 18} font-size="12" text-anchor="middle" fill="#fff">${Math.round(rate * 100)}</text>` : nothing}</g>`;
        }),
      )}
    </svg>`;
  }

  private _countersTable(r: Report) {
    return html`<h3>${primary(text.counters)} <small class="muted">${secondary(text.counters)}</small></h3>
      <table data-table="counters">
        <tr><th>${primary(text.counter)}</th><th>${primary(text.served)}</th><th>${primary(text.openHours)}</th><th>${primary(text.perHour)}</th><th>${primary(text.idle)} h</th><th>${primary(text.paused)} h</th><th>${primary(text.satisfaction)}</th><th>${primary(text.response)}</th><th>${primary(text.flags)}</th></tr>
        ${r.counters.map(
          (c) => html`<tr data-counter=${c.counter}>
            <td>${c.counter}</td><td>${c.served}</td><td>${c.openHours}</td><td>${c.servedPerOpenHour ?? '—'}</td><td>${hours(c.idleSec)}</td>
            <td title=${Object.entries(c.pauseByReason).map(([k, v]) => `${primary(reasonNames[k] ?? { zh: k, en: k })} ${hours(v)} h`).join(' · ')}>${hours(c.pauseSec)}</td>
            <td>${percent(c.ratings.rate)}</td><td>${percent(c.ratings.responseRate)}</td>
            <td class="flag">${c.flags.map((f) => primary(flagNames[f] ?? { zh: f, en: f })).join('；')}</td>
          </tr>`,
        )}
      </table>
      <div class="note">${primary(text.paused)}: ${Object.entries(r.pauseByReason).map(([k, v]) => `${primary(reasonNames[k] ?? { zh: k, en: k })} ${hours(v)} h`).join(' · ') || '—'}</div>`;
  }

  private _groupsTable(r: Report) {
    if (!r.groups || !r.by) return html`<h3>${primary(text.groups)}</h3><div class="note">${primary(text.none)}</div>`;
    const rows = r.by === 'hour' ? r.groups.filter((g) => g.tickets.issued + g.tickets.served > 0) : r.groups;
    return html`<h3>${primary(text.groups)} · ${primary(groupNames[r.by])}</h3>
      <table data-table="groups">
        <tr><th></th><th>${primary(text.issued)}</th><th>${primary(text.served)}</th><th>p90 ′</th><th>${primary(text.level)}</th><th>${primary(text.satisfaction)}</th></tr>
        ${rows.map((g) => html`<tr data-group=${g.key}><td>${g.key}</td><td>${g.tickets.issued}</td><td>${g.tickets.served}</td><td>${minutes(g.waitSec.p90)}</td><td>${percent(g.serviceLevel)}</td><td>${percent(g.ratings.rate)}</td></tr>`)}
      </table>`;
  }
}

/** `@page` only works in the document, not in a shadow root: A4 portrait with small margins. */
function ensurePrintPageStyle(): void {
  if (document.getElementById('reports-print-page')) return;
  const style = document.createElement('style');
  style.id = 'reports-print-page';
  style.textContent = '@media print { @page { size: A4 portrait; margin: 12mm; } body { background: #fff; } }';
  document.head.append(style);
}

declare global {
  interface HTMLElementTagNameMap {
    'reports-screen': ReportsScreen;
  }
}
