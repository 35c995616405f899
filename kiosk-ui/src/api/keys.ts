// Typed requests for /api/keys and the names the key screens share.
import type { KeyCategory } from '../../../config/schema/keys.js';
import type { ChainVerdict } from '../../../firmware-bridge/keys/rules/key-chain.js';
import type { Confirmation, ShiftReport } from '../../../firmware-bridge/keys/rules/reconcile-rules.js';
import type { KeyView } from '../../../firmware-bridge/keys/keys-service.js';
import { request } from './http.js';

// The service's own types: one definition for both sides of the API.
export type { ChainVerdict, Confirmation, KeyCategory, KeyView, ShiftReport };
export interface KeyList {
  keys: KeyView[];
  out: number;
  overdue: number;
  overdueKeys: string[];
}

export const listKeys = (state: 'all' | 'out' = 'all') => request<KeyList>('GET', `/api/keys?state=${state}`, undefined, { auth: true });
export const handOutKey = (keyId: string, body: object) => request<{ key: KeyView }>('POST', `/api/keys/${encodeURIComponent(keyId)}/handout`, body, { auth: true });
export const returnKey = (keyId: string, card?: string) =>
  request<{ key: KeyView; wrongCard: boolean; overdue: boolean }>('POST', `/api/keys/${encodeURIComponent(keyId)}/return`, card ? { card } : {}, { auth: true });

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
