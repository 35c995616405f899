// Times as the hall sees them: every screen formats clocks and times in the site's time zone
// (from /api/config/public), never the browser's — a kiosk whose OS zone is wrong still shows
// the hall's time. Also "is the hall open now / when does it open next" from the public hours.

/** Opening hours as /api/config/public sends them (config/schema/site.ts). */
interface OpeningSpan {
  open: string;
  close: string;
}
interface PublicHours {
  weekly: Record<string, OpeningSpan | 'closed'>;
  holidays?: { date: string; open?: string; close?: string }[];
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined, options: Intl.DateTimeFormatOptions, lang = 'zh-CN'): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone ?? ''}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    try {
      cached = new Intl.DateTimeFormat(lang, { ...options, timeZone });
    } catch {
      cached = new Intl.DateTimeFormat(lang, options); // unknown zone: better the browser's than nothing
    }
    formatters.set(key, cached);
  }
  return cached;
}

/** "14:05" in the site's zone. */
export function siteClock(at: Date | string | number, timeZone: string | undefined): string {
  return formatter(timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
}

/** "11-30 14:05" in the site's zone (for times that may be on another day). */
export function siteDateTime(at: Date | string | number, timeZone: string | undefined): string {
  const parts = formatter(timeZone, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** The site's local date (YYYY-MM-DD) and minutes since midnight at an instant. */
export function siteLocal(at: number, timeZone: string | undefined): { date: string; minutes: number } {
  const parts = formatter(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, 'en-CA').formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${part('year')}-${pad(part('month'))}-${pad(part('day'))}`, minutes: part('hour') * 60 + part('minute') };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function spanOn(date: string, hours: PublicHours): OpeningSpan | null {
  const holiday = hours.holidays?.find((h) => h.date === date);
  if (holiday) return holiday.open && holiday.close ? { open: holiday.open, close: holiday.close } : null;
  const day = hours.weekly[WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]];
  return !day || day === 'closed' ? null : day;
}

function isHours(value: unknown): value is PublicHours {
  return typeof value === 'object' && value !== null && typeof (value as PublicHours).weekly === 'object';
}

export interface HallOpening {
  open: boolean;
  /** When closed: the next opening (site-local date, weekday 0–6, HH:MM), if any within two weeks. */
  next?: { date: string; weekday: number; time: string; daysAhead: number };
}

/** Is the hall open now and, if not, when does it open next? Unknown hours count as open. */
export function hallOpening(hours: unknown, timeZone: string | undefined, now = Date.now()): HallOpening {
  if (!isHours(hours)) return { open: true };
  const local = siteLocal(now, timeZone);
  const today = spanOn(local.date, hours);
  if (today && local.minutes >= minutesOf(today.open) && local.minutes < minutesOf(today.close)) return { open: true };
  for (let daysAhead = 0; daysAhead <= 14; daysAhead++) {
    const date = addDays(local.date, daysAhead);
    const span = spanOn(date, hours);
    if (!span || (daysAhead === 0 && local.minutes >= minutesOf(span.open))) continue;
    return { open: false, next: { date, weekday: new Date(`${date}T00:00:00Z`).getUTCDay(), time: span.open, daysAhead } };
  }
  return { open: false };
}

const ZH_WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "今天 08:30" / "明天 08:30" / "12月3日 周四 08:30" and the English twin. */
export function describeOpening(next: NonNullable<HallOpening['next']>): { zh: string; en: string } {
  const [, month, day] = next.date.split('-').map(Number);
  if (next.daysAhead === 0) return { zh: `今天 ${next.time}`, en: `today ${next.time}` };
  if (next.daysAhead === 1) return { zh: `明天 ${next.time}`, en: `tomorrow ${next.time}` };
  return { zh: `${month}月${day}日 ${ZH_WEEKDAYS[next.weekday]} ${next.time}`, en: `${EN_WEEKDAYS[next.weekday]} ${day}/${month} ${next.time}` };
}
