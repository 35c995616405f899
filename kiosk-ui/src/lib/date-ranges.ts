// Date ranges for reports, as YYYY-MM-DD in a hall's time zone.

/** Today's date in the hall's time zone (the browser's may differ), as YYYY-MM-DD. */
export function todayIn(timezone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
/** Calendar arithmetic on YYYY-MM-DD (no zone involved). */
function shift(date: string, days: number, months = 0, dayOfMonth?: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + months, dayOfMonth ?? d + days)).toISOString().slice(0, 10);
}
export type Preset = 'thisWeek' | 'lastWeek' | 'thisMonth' | 'lastMonth';

/** The report screens' range buttons: [first, last] date of each. */
export function presets(today: string): Record<Preset, [string, string]> {
  const [y, m, d] = today.split('-').map(Number);
  const monday = shift(today, -((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7));
  return {
    thisWeek: [monday, today],
    lastWeek: [shift(monday, -7), shift(monday, -1)],
    thisMonth: [shift(today, 0, 0, 1), today],
    lastMonth: [shift(today, 0, -1, 1), shift(today, 0, 0, 0)],
  };
}
