import type { SiteSummary } from '../api/fleet.js';
import type { Bilingual } from '../api/types.js';
import { primary } from '../i18n/index.js';

// Shared by the dashboard screens: how a site's figures read.

/** "12 分钟" / "12 min", "3 小时" / "3 h", "2 天" / "2 d": how long since an ISO time. */
export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return '—';
  const min = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (min < 1) return primary({ zh: '刚刚', en: 'just now' });
  if (min < 60) return primary({ zh: `${min} 分钟`, en: `${min} min` });
  if (min < 48 * 60) return primary({ zh: `${Math.round(min / 60)} 小时`, en: `${Math.round(min / 60)} h` });
  return primary({ zh: `${Math.round(min / 1440)} 天`, en: `${Math.round(min / 1440)} d` });
}

/** Minutes, one decimal under ten: "4.5′", "12′". */
export function minutes(sec: number | null): string {
  if (sec === null) return '—';
  if (sec < 60) return '<1′';
  const min = sec / 60;
  return `${min < 10 ? Math.round(min * 10) / 10 : Math.round(min)}′`;
}

/** How bad a site looks now: offline, then device faults, then overdue follow-ups and alerts. Higher is worse. */
export function trouble(site: SiteSummary): number {
  return (site.online ? 0 : 1000) + site.faults.length * 100 + site.followUpsOverdue * 10 + site.keysOverdue * 5 + Math.min(9, site.alerts.length);
}

/** A rate against a goal: good, warn or bad (for colour), or none. */
export function rateLevel(rate: number | null, good: number, warn: number): 'good' | 'warn' | 'bad' | 'none' {
  if (rate === null) return 'none';
  return rate >= good ? 'good' : rate >= warn ? 'warn' : 'bad';
}

/** An alert's or a message's "中文 · English" in the current language. */
export function pickLanguage(message: string): string {
  const [zh, en] = message.split(' · ');
  return en === undefined ? message : primary({ zh, en } satisfies Bilingual);
}
