import type { Bilingual } from '../api/types.js';

/** The handover's lists, as /handover and the incoming shift's panel name them. */
export const handoverLists = {
  keys: { zh: '未归还的钥匙', en: 'Keys not back' },
  lost: { zh: '遗留物品登记', en: 'Lost and found' },
  wrongCards: { zh: '发错的卡', en: 'Cards handed out wrongly' },
  complaints: { zh: '未结案投诉', en: 'Open complaints' },
  followUps: { zh: '未完成回访', en: 'Open follow-ups' },
  paperwork: { zh: '今日单据（闭馆前交经理）', en: 'Card paperwork (to the manager before closing)' },
} satisfies Record<string, Bilingual>;

export const followUpStates: Record<string, Bilingual> = { open: { zh: '待回访', en: 'open' }, escalated: { zh: '已上报', en: 'escalated' }, closed: { zh: '已完成', en: 'done' } };
export const paperworkKinds: Record<string, Bilingual> = { suspend: { zh: '停卡', en: 'Suspend' }, transfer: { zh: '转卡', en: 'Transfer' }, replace: { zh: '补卡', en: 'Replace' } };

/** "2026-11-24T15:00:00+08:00" → "11-24 15:00" (the site's local time as the service wrote it). */
export const shortTime = (iso: string | null) => (iso ? iso.slice(5, 16).replace('T', ' ') : '—');
