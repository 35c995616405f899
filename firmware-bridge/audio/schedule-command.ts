import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import { addDays, localDay } from '../kernel/local-time.js';
import { openingFor } from '../kernel/opening-hours.js';
import { planDay, type PlanEntry } from './rules/day-plan.js';
import { outputScheduleLines } from '../outputs/outputs-schedule.js';

/**
 * `frontdesk schedule [--date YYYY-MM-DD] [--config FILE] [--json]`: the day's audio plan, the very
 * data playback follows, with the timed outputs' switch instants (in the text; `--json` stays the
 * audio plan of GET /api/schedule). Exit 0, or 2 on a bad config or date.
 */
export async function runScheduleCommand(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  let values: { date?: string; config?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv[0] === 'schedule' ? argv.slice(1) : argv,
      options: { date: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    }));
  } catch (e) {
    err(`schedule: ${(e as Error).message}\nusage: frontdesk schedule [--date YYYY-MM-DD] [--config FILE] [--json]`);
    return 2;
  }
  const file = values.config ?? process.env.FRONTDESK_CONFIG ?? 'config/default.yaml';
  let config;
  try {
    ({ config } = loadConfig(file));
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const line of e.lines) err(line);
      return 2;
    }
    throw e;
  }
  const date = values.date ?? localDay(Date.now(), config.site.timezone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || addDays(date, 0) !== date) {
    err(`schedule: --date must be a date as YYYY-MM-DD, got "${date}"`);
    return 2;
  }
  const plan = planDay(date, config);
  if (values.json) {
    out(JSON.stringify(plan, null, 2));
    return 0;
  }
  const span = openingFor(date, config.hours);
  out(`${date} ${config.site.name.zh} / ${config.site.name.en} (${config.site.timezone}) — ${span ? `营业 open ${span.open}–${span.close}` : '闭馆 closed all day'}`);
  // Audio entries and output switches, merged in time order (a stable sort keeps each list's own order).
  const lines = [...plan.map((entry) => ({ at: Date.parse(entry.at), text: describe(entry) })), ...outputScheduleLines(date, config)];
  for (const line of lines.sort((a, b) => a.at - b.at)) out(line.text);
  return 0;
}

function describe(entry: PlanEntry): string {
  const time = entry.at.slice(11, 16);
  switch (entry.kind) {
    case 'music':
      return entry.playlist === null ? `${time}  无背景音乐 no music` : `${time}  音乐 music: ${entry.playlist} (volume ${entry.volume})`;
    case 'announcement':
      return `${time}  广播 announcement ${entry.reason} ${entry.for.slice(11, 16)} #${entry.take}: ${entry.text} / ${entry.textEn}`;
    case 'off':
      return `${time}  关闭所有音响 all audio off (quiet hours)`;
  }
}
