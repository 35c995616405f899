import type { KeyCategory } from '../../kernel/events.js';

/** A run of numbered keys as configured: L001–L050 is prefix "L", 1 to 50, 3 digits. */
export interface KeyRange {
  prefix: string;
  from: number;
  to: number;
  digits: number;
  /** "{n}" is replaced by the padded number. */
  label: string;
  category: KeyCategory;
  dueBackMinutes?: number | null;
}

/** One config entry of the key inventory: a single key or a range (config `keys` items are these). */
export type KeyInventoryItem = KeyDefinition | KeyRange;

/** The ids a range expands to: prefix + the number padded to `digits` (L + 7 → "L007"). */
export function keyRangeIds(r: Pick<KeyRange, 'prefix' | 'from' | 'to' | 'digits'>): string[] {
  const ids: string[] = [];
  for (let n = r.from; n <= r.to; n++) ids.push(`${r.prefix}${String(n).padStart(r.digits, '0')}`);
  return ids;
}

export interface KeyDefinition {
  id: string;
  label: string;
  category: KeyCategory;
  /** Minutes until due back; undefined = the category's default; null = never due. */
  dueBackMinutes?: number | null;
}

/** The inventory from config: single keys as given, ranges expanded (L001…L050, label "{n}号手牌"). */
export function expandInventory(items: readonly KeyInventoryItem[]): KeyDefinition[] {
  const keys: KeyDefinition[] = [];
  for (const item of items) {
    if ('id' in item) {
      keys.push({ id: item.id, label: item.label, category: item.category, dueBackMinutes: item.dueBackMinutes });
      continue;
    }
    keyRangeIds(item).forEach((id, i) => {
      const n = String(item.from + i).padStart(item.digits, '0');
      keys.push({ id, label: item.label.replaceAll('{n}', n), category: item.category, dueBackMinutes: item.dueBackMinutes });
    });
  }
  return keys;
}

export const categoryNames: Record<KeyCategory, { zh: string; en: string }> = {
  member_locker: { zh: '会员手牌', en: 'Member locker' },
  owner_key: { zh: '业主钥匙', en: 'Owner key' },
  public_area: { zh: '公共区域钥匙', en: 'Public area' },
  equipment_room: { zh: '设备房钥匙', en: 'Equipment room' },
};
