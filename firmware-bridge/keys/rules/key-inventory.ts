import { keyRangeIds, type KeyCategory, type KeyConfigItem } from '../../../config/schema/keys.js';

export interface KeyDefinition {
  id: string;
  label: string;
  category: KeyCategory;
  /** Minutes until due back; undefined = the category's default; null = never due. */
  dueBackMinutes?: number | null;
}

/** The inventory from config: single keys as given, ranges expanded (L001…L050, label "{n}号手牌"). */
export function expandInventory(items: readonly KeyConfigItem[]): KeyDefinition[] {
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
