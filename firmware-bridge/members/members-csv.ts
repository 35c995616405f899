import { parse } from 'csv-parse/sync';
import { memberRows, type ParsedMembers } from './rules/member-rows.js';

/**
 * Reads a members CSV (`card,name,status,valid_until,suspended_from,suspended_to`, header first,
 * any column order, UTF-8 with or without BOM); the rules check each row.
 */
export function parseMembersCsv(text: string): ParsedMembers {
  let records: string[][];
  try {
    const parsed: unknown = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true });
    records = parsed as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { members: [], fatal: true, errors: [{ line, message: `CSV 无法解析 / unreadable CSV: ${(err as Error).message}` }] };
  }
  return memberRows(records);
}
