// Typed requests for /api/keys and the names the key screens share.
import type { ChainVerdict, Confirmation, HandoutRequest, KeyCategory, KeyList, KeyView, ReturnRequest, ShiftReport } from '../../../firmware-bridge/contract.js';
import { request } from './http.js';

// The contract's types: one declaration for both sides of the API.
export type { ChainVerdict, Confirmation, HandoutRequest, KeyCategory, KeyList, KeyView, ShiftReport };

export const listKeys = (state: 'all' | 'out' = 'all') => request<KeyList>('GET', `/api/keys?state=${state}`, undefined, { auth: true });
export const handOutKey = (keyId: string, body: HandoutRequest) => request<{ key: KeyView }>('POST', `/api/keys/${encodeURIComponent(keyId)}/handout`, body, { auth: true });
export const returnKey = (keyId: string, card?: string) =>
  request<{ key: KeyView; wrongCard: boolean; overdue: boolean }>('POST', `/api/keys/${encodeURIComponent(keyId)}/return`, (card ? { card } : {}) satisfies ReturnRequest, { auth: true });

export const categoryNames: Record<KeyCategory, { zh: string; en: string }> = {
  member_locker: { zh: '会员手牌', en: 'Member lockers' },
  owner_key: { zh: '业主钥匙', en: 'Owner keys' },
  public_area: { zh: '公共区域', en: 'Public areas' },
  equipment_room: { zh: '设备房', en: 'Equipment rooms' },
};

export const hhmm = (iso: string | null) => (iso ? iso.slice(11, 16) : '—');
export const dayHhmm = (iso: string | null) => (iso ? iso.slice(5, 16).replace('T', ' ') : '—');

/** The key log's hash chain, proved by the service. */
export const verifyKeyLog = () => request<ChainVerdict>('GET', '/api/keys/verify', undefined, { auth: true });
