import type { ReportFacts, ReportRange } from './report-facts.js';

/**
 * One closed day's report facts, stored so a year's report need not re-read a year of events.
 * The facts are the ones `collectFacts` makes for that day alone; `mergeDayFacts` joins days back
 * into the facts of a range. Every ticket, rating, pause… stays one row, so percentiles stay exact.
 */
export type DayFacts = Omit<ReportFacts, 'range' | 'asOf' | 'complaints'>;

const LISTS = [
  'issued',
  'served',
  'noShows',
  'transferred',
  'unserved',
  'callTimings',
  'complaintTickets',
  'ratings',
  'followUps',
  'keyHandouts',
  'pauses',
  'counterDays',
] as const satisfies readonly (keyof DayFacts)[];

/** Lists whose facts are only counted: identical ones are stored once, with `n` (about 5,500 rows a busy day become 2,500). */
const COUNTED = new Set<string>(['issued', 'noShows', 'transferred', 'unserved', 'callTimings', 'complaintTickets', 'complaintsOpened', 'ratings']);

type Row = Record<string, unknown>;

function collapse(rows: readonly Row[]): Row[] {
  const byValue = new Map<string, Row>();
  for (const row of rows) {
    const { n = 1, ...rest } = row as Row & { n?: number };
    const id = JSON.stringify(rest);
    const seen = byValue.get(id);
    if (seen) (seen.n as number) += n;
    else byValue.set(id, { ...rest, n });
  }
  return [...byValue.values()];
}
/** A list stored by column: one value when all rows share it, strings as indices into the day's dictionary (-1 = null), others as is. */
interface Columns {
  n: number;
  keys: string[];
  cols: ({ c: unknown } | { d: number[] } | { v: unknown[] })[];
}

function toColumns(rows: readonly Row[], dict: Map<string, number>): Columns {
  const keys = rows.length === 0 ? [] : Object.keys(rows[0]);
  const cols = keys.map((key) => {
    const values = rows.map((r) => r[key] ?? null);
    if (values.every((v) => v === values[0])) return { c: values[0] };
    if (!values.every((v) => v === null || typeof v === 'string')) return { v: values };
    return {
      d: (values).map((v) => {
        if (v === null) return -1;
        let i = dict.get(v);
        if (i === undefined) dict.set(v, (i = dict.size));
        return i;
      }),
    };
  });
  return { n: rows.length, keys, cols };
}

/** Builds rows of one shape with an object literal, so they share one hidden class (a year is ~2 million rows). */
const rowMakers = new Map<string, (cols: unknown[][], i: number) => Row>();
function rowMaker(keys: readonly string[]): (cols: unknown[][], i: number) => Row {
  const id = keys.join(',');
  let make = rowMakers.get(id);
  if (!make) {
    // The keys are the fact interfaces' own property names (checked), never stored text run as code.
    if (!keys.every((k) => /^[A-Za-z]+$/.test(k))) throw new Error(`bad fact key in ${id}`);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- checked property names only, never stored text
    make = new Function('cols', 'i', `return { ${keys.map((k, n) => `${k}: cols[${n}][i]`).join(', ')} };`) as (cols: unknown[][], i: number) => Row;
    rowMakers.set(id, make);
  }
  return make;
}

function fromColumns(stored: Columns, dict: readonly string[]): Row[] {
  const columns = stored.cols.map((c): unknown[] => ('c' in c ? new Array<unknown>(stored.n).fill(c.c) : 'd' in c ? c.d.map((i) => (i < 0 ? null : dict[i])) : c.v));
  const make = rowMaker(stored.keys);
  const rows = new Array<Row>(stored.n);
  for (let i = 0; i < stored.n; i++) rows[i] = make(columns, i);
  return rows;
}

/** Compact JSON of a day's facts (about 15 bytes a ticket). */
export function encodeDayFacts(facts: DayFacts): string {
  const dict = new Map<string, number>();
  const lists: Record<string, Columns> = {};
  const rowsOf = (name: string, rows: readonly object[]) => (COUNTED.has(name) ? collapse(rows as Row[]) : (rows as Row[]));
  for (const name of LISTS) lists[name] = toColumns(rowsOf(name, facts[name]), dict);
  const opened = facts.complaintsOpened === null ? null : toColumns(rowsOf('complaintsOpened', facts.complaintsOpened), dict);
  return JSON.stringify({ dict: [...dict.keys()], lists, opened, keysLost: facts.keysLost });
}

export function decodeDayFacts(text: string): DayFacts {
  const stored = JSON.parse(text) as { dict: string[]; lists: Record<string, Columns>; opened: Columns | null; keysLost: number | null };
  const out: Record<string, unknown> = { keysLost: stored.keysLost, complaintsOpened: stored.opened === null ? null : fromColumns(stored.opened, stored.dict) };
  for (const name of LISTS) out[name] = fromColumns(stored.lists[name], stored.dict);
  return out as unknown as DayFacts;
}

/**
 * The facts of a range from its days' facts, in date order: the lists joined, complaints counted
 * from complaint.opened events once any day has one (as `collectFacts` does over the whole range),
 * the keys lost at the range's last reconciliation.
 */
export function mergeDayFacts(days: readonly DayFacts[], range: ReportRange, asOf: number): ReportFacts {
  const join = <K extends (typeof LISTS)[number]>(name: K) => ([] as DayFacts[K][number][]).concat(...days.map((d) => d[name] as DayFacts[K][number][])) as DayFacts[K];
  const anyOpened = days.some((d) => d.complaintsOpened !== null);
  const complaintTickets = join('complaintTickets');
  const complaintsOpened = anyOpened ? days.flatMap((d) => d.complaintsOpened ?? []) : null;
  let keysLost: number | null = null;
  for (const d of days) if (d.keysLost !== null) keysLost = d.keysLost;
  return {
    range,
    asOf,
    issued: join('issued'),
    served: join('served'),
    noShows: join('noShows'),
    transferred: join('transferred'),
    unserved: join('unserved'),
    callTimings: join('callTimings'),
    complaints: complaintsOpened ?? complaintTickets,
    complaintTickets,
    complaintsOpened,
    ratings: join('ratings'),
    followUps: join('followUps'),
    keyHandouts: join('keyHandouts'),
    keysLost,
    pauses: join('pauses'),
    counterDays: join('counterDays'),
  };
}
