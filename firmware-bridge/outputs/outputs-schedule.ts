import type { FrontdeskConfig } from '../../config/schema/index.js';
import { isoLocal } from '../kernel/local-time.js';
import { planOutputDay } from './rules/output-plan.js';

const seasonNames = { spring: '春季 spring', summer: '夏季 summer', autumn: '秋季 autumn', winter: '冬季 winter' } as const;

/**
 * The outputs' lines of `frontdesk schedule`: each planned switch at its instant, and for each
 * output what else governs its day (a manual season, the last-member rule from closing).
 */
export function outputScheduleLines(date: string, config: Pick<FrontdeskConfig, 'site' | 'hours' | 'outputs'>): { at: number; text: string }[] {
  const tz = config.site.timezone;
  const ctx = { timezone: tz, hours: config.hours, seasons: config.outputs.seasons };
  const lines: { at: number; text: string }[] = [];
  for (const output of config.outputs.switches) {
    const day = planOutputDay(date, output, ctx);
    const name = `${output.name.zh} / ${output.name.en}`;
    const time = (at: number) => isoLocal(at, tz).slice(11, 16);
    if (day.kind !== 'span' || day.switches.length === 0) {
      const why = day.kind === 'manual' ? '手动 manual (staff switch it on /desk)' : day.kind === 'off' ? '全天关 off all day' : '不开 not switched (closed, or the span is empty)';
      lines.push({ at: day.dayStart, text: `--:--  输出 output ${name}: ${seasonNames[day.season]} — ${why}` });
    }
    for (const s of day.switches) lines.push({ at: s.at, text: `${time(s.at)}  输出 output ${name}: ${s.state === 'on' ? '开 on' : '关 off'}` });
    if (day.lastMemberRuleFrom !== null)
      lines.push({ at: day.lastMemberRuleFrom, text: `${time(day.lastMemberRuleFrom)}  输出 output ${name}: 最后一位会员离开后关 off once the last member has left (no wrist key out)` });
  }
  return lines;
}
