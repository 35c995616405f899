import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { reloadOn } from '../api/live-events.js';
import { percent, scoreList, scoreNames, statsToday, type DailyStats, type Score } from '../api/ratings.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/error-text.js';

const colours: Record<Score, string> = { satisfied: '#15803d', average: '#d97706', unsatisfied: '#b91c1c' };
const text = {
  title: { zh: '今日满意度', en: "Today's satisfaction" },
  rate: { zh: '满意率', en: 'Satisfaction rate' },
  handling: { zh: '回访处理率（目标 100%）', en: 'Follow-up handling rate (target 100%)' },
  complaints: { zh: '有效投诉率（目标 <1%）', en: 'Effective complaint rate (target <1%)' },
  window: { zh: '近 {n} 天', en: 'last {n} days' },
  byCounter: { zh: '各窗口评价', en: 'Ratings by counter' },
  byStaff: { zh: '各员工', en: 'By staff' },
  counter: { zh: '窗口', en: 'Counter' },
  staff: { zh: '工号', en: 'Staff' },
  total: { zh: '评价数', en: 'Ratings' },
  ignored: { zh: '忽略（重复按键）', en: 'Ignored (repeats)' },
  open: { zh: '待回访', en: 'Follow-ups open' },
  overdue: { zh: '逾期', en: 'Overdue' },
  within: { zh: '三天内完成', en: 'Closed within 3 days' },
};

/** `/stats` (staff): today's ratings per counter as a stacked bar chart, the table, the headline numbers. */
@customElement('stats-screen')
export class StatsScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _stats: DailyStats | null = null;
  /** The thrown error: <error-text> phrases it when drawn, so it follows the language toggle. */
  @state() private _error: unknown = null;

  static override styles = [
    tokens,
    css`
      :host { display: block; padding: 16px 24px; }
      h2 { margin: 0 0 12px; font-size: 30px; }
      h3 { margin: 0 0 8px; font-size: 22px; }
      .heads { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; margin-bottom: 16px; }
      .card { background: var(--fd-surface); border-radius: 16px; padding: 14px 20px; box-shadow: 0 2px 8px rgb(0 0 0 / 0.08); }
      .big { font-size: 48px; font-weight: 800; font-variant-numeric: tabular-nums; }
      .label { font-size: 18px; color: var(--fd-muted); }
      /* The tables take the width their headers need (never one character per line); the chart the rest. */
      .grid { display: grid; grid-template-columns: minmax(320px, 1fr) auto; gap: 16px; }
      svg { width: 100%; height: auto; }
      table { width: 100%; border-collapse: collapse; font-size: 18px; }
      th, td { text-align: right; padding: 6px 8px; border-bottom: 1px solid #e5e7eb; white-space: nowrap; }
      th { font-size: 16px; }
      th:first-child, td:first-child { text-align: left; }
      .legend { display: flex; gap: 16px; font-size: 18px; margin-top: 6px; }
      .legend i { display: inline-block; width: 16px; height: 16px; border-radius: 4px; margin-right: 6px; vertical-align: -2px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    reloadOn(this, ['rating.*', 'followup.*'], () => this._load());
  }

  private async _load(): Promise<void> {
    try {
      this._stats = await statsToday();
      this._error = null;
    } catch (error) {
      this._error = error;
    }
  }

  override render() {
    const s = this._stats;
    if (!s) return this._error ? html`<div class="error"><error-text .error=${this._error}></error-text></div>` : nothing;
    const n = (t: { zh: string; en: string }) => primary(t).replace('{n}', String(s.headline.windowDays));
    return html`<h2>${primary(text.title)} <small class="muted">${secondary(text.title)} · ${s.day}</small></h2>
      <div class="heads">
        <div class="card"><div class="label">${primary(text.rate)}</div><div class="big" data-k="rate">${percent(s.totals.rate)}</div><div class="label">${primary(text.total)} ${s.totals.total} · ${primary(text.ignored)} ${s.totals.ignored}</div></div>
        <div class="card"><div class="label">${primary(text.handling)}</div><div class="big" data-k="handling">${percent(s.headline.followUpHandlingRate)}</div><div class="label">${n(text.window)} · ${primary(text.open)} ${s.totals.followUpsOpen} · ${primary(text.overdue)} ${s.totals.followUpsOverdue}</div></div>
        <div class="card"><div class="label">${primary(text.complaints)}</div><div class="big" data-k="complaints">${percent(s.headline.effectiveComplaintRate)}</div><div class="label">${n(text.window)} · ${s.headline.effectiveComplaints} / ${s.headline.ratingsInWindow}</div></div>
      </div>
      <div class="grid">
        <div class="card"><h3>${primary(text.byCounter)}</h3>${this._chart(s)}
          <div class="legend">${scoreList.map((k) => html`<span><i style="background:${colours[k]}"></i>${primary(scoreNames[k])}</span>`)}</div>
        </div>
        <div class="card">${this._table(primary(text.counter), s.byCounter.map((l) => ({ ...l, name: l.counter })))}
          <h3 style="margin-top:14px">${primary(text.byStaff)}</h3>${this._table(primary(text.staff), s.byStaff.map((l) => ({ ...l, name: l.staff })))}</div>
      </div>`;
  }

  /** Horizontal stacked bars, one per counter: 满意 / 一般 / 不满意 counts. */
  private _chart(s: DailyStats) {
    const rowH = 54;
    const left = 90;
    const width = 600;
    const max = Math.max(1, ...s.byCounter.map((l) => l.total));
    const scale = (width - left - 60) / max;
    const height = s.byCounter.length * rowH + 10;
    return html`<svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${primary(text.byCounter)}>
      ${s.byCounter.map((line, i) => {
        const y = i * rowH + 8;
        let x = left;
        return svg`<g data-counter=${line.counter}>
          <text x="0" y=${y + 28} font-size="20" fill="#111827">${primary(text.counter)} ${line.counter}</text>
          ${scoreList.map((k) => {
            const w = line[k] * scale;
            const bar = svg`<rect x=${x} y=${y} width=${w} height="38" rx="4" fill=${colours[k]}></rect>
              ${w >= 24 ? svg`<text x=${x + w / 2} y=${y + 26} font-size="18" fill="#fff" text-anchor="middle">${line[k]}</text>` : nothing}`;
            x += w;
            return bar;
          })}
          <text x=${x + 8} y=${y + 26} font-size="18" fill="#4b5563">${line.total === 0 ? '—' : percent(line.rate)}</text>
        </g>`;
      })}
    </svg>`;
  }

  private _table(head: string, lines: (DailyStats['totals'] & { name: string })[]) {
    return html`<table>
      <tr><th>${head}</th><th>${primary(scoreNames.satisfied)}</th><th>${primary(scoreNames.average)}</th><th>${primary(scoreNames.unsatisfied)}</th><th>${primary(text.rate)}</th><th>${primary(text.ignored)}</th><th>${primary(text.open)}</th><th>${primary(text.overdue)}</th><th>${primary(text.within)}</th></tr>
      ${lines.map((l) => html`<tr><td>${l.name}</td><td>${l.satisfied}</td><td>${l.average}</td><td>${l.unsatisfied}</td><td>${percent(l.rate)}</td><td>${l.ignored}</td><td>${l.followUpsOpen}</td><td>${l.followUpsOverdue}</td><td>${l.followUpsHandledWithinDue}</td></tr>`)}
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'stats-screen': StatsScreen;
  }
}
