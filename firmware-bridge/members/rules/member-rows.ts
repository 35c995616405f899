import { normalizeCard } from '../../kernel/card-number.js';
import { memberStatuses, type Member, type MemberStatus } from './member-validity.js';

export interface RowError {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  card?: string;
  message: string;
}

export interface ParsedMembers {
  members: Member[];
  errors: RowError[];
  /** The file as a whole is unusable (unreadable, empty, no card/name column): import nothing, remove nobody. */
  fatal: boolean;
}

const REQUIRED = ['card', 'name'] as const;

/** Chinese desk exports often carry the status in Chinese. */
const STATUS_ALIASES: Record<string, MemberStatus> = { 正常: 'normal', 停卡: 'suspended', 暂停: 'suspended', 过期: 'expired', 挂失: 'lost' };

/** The columns of a members file, in the usual order (any order is read). */
const COLUMNS = ['card', 'name', 'status', 'valid_until', 'suspended_from', 'suspended_to'] as const;

/**
 * Checks the records of a members file (header first, any column order; cells as read, line i+1 is
 * records[i]). A bad row becomes an error naming its line; good rows are kept.
 */
export function memberRows(records: readonly (readonly string[])[]): ParsedMembers {
  if (records.length === 0) return { members: [], fatal: true, errors: [{ line: 1, message: '文件为空 / empty file' }] };
  const header = records[0].map((h) => h.toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) return { members: [], fatal: true, errors: [{ line: 1, message: `缺少列 / missing column(s): ${missing.join(', ')} (expected ${COLUMNS.join(',')})` }] };
  const unknown = header.filter((h) => !(COLUMNS as readonly string[]).includes(h));
  const errors: RowError[] = unknown.length ? [{ line: 1, message: `忽略未知列 / unknown column(s) ignored: ${unknown.join(', ')}` }] : [];
  const col = (row: readonly string[], name: (typeof COLUMNS)[number]) => {
    const i = header.indexOf(name);
    return i >= 0 ? (row[i] ?? '').trim() : '';
  };
  const members: Member[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((row, i) => {
    const line = i + 2;
    const card = normalizeCard(col(row, 'card'));
    const fail = (message: string) => errors.push({ line, ...(card ? { card } : {}), message });
    if (!card) return fail('缺少卡号 / card is empty');
    if (!/^[A-Z0-9_-]{1,64}$/.test(card)) return fail(`卡号只能含字母、数字、"-"、"_" / card "${card}" may only use letters, digits, "-" and "_"`);
    if (seen.has(card)) return fail(`卡号重复（第 ${seen.get(card)} 行已有） / duplicate card (already on line ${seen.get(card)})`);
    const name = col(row, 'name');
    if (!name) return fail('缺少姓名 / name is empty');
    const statusText = col(row, 'status').toLowerCase() || 'normal';
    const status = (memberStatuses as readonly string[]).includes(statusText) ? (statusText as MemberStatus) : STATUS_ALIASES[statusText];
    if (!status) return fail(`未知状态 "${statusText}" / unknown status (normal, suspended, expired, lost)`);
    const dates: Record<'validUntil' | 'suspendedFrom' | 'suspendedTo', string | null> = { validUntil: null, suspendedFrom: null, suspendedTo: null };
    for (const [key, column] of [['validUntil', 'valid_until'], ['suspendedFrom', 'suspended_from'], ['suspendedTo', 'suspended_to']] as const) {
      const value = col(row, column);
      if (!value) continue;
      if (!isCalendarDate(value)) return fail(`${column} "${value}" 不是有效日期 / is not a date as YYYY-MM-DD`);
      dates[key] = value;
    }
    if (dates.suspendedFrom && dates.suspendedTo && dates.suspendedTo < dates.suspendedFrom) return fail('停卡结束早于开始 / suspended_to is before suspended_from');
    seen.set(card, line);
    members.push({ card, name, status, ...dates });
  });
  return { members, errors, fatal: false };
}

/** A real YYYY-MM-DD date (2026-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}
