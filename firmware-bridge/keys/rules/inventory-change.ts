import { refuse, type Refusal } from '../../kernel/refusal.js';
import { categoryNames, type KeyDefinition } from './key-inventory.js';

/** The keys out now, as the lendings record them (id and the category they went out under). */
export interface KeyOut {
  keyId: string;
  category: KeyDefinition['category'];
}

/**
 * A new key inventory may add keys, relabel them and drop or move keys that are in. A key that is
 * out must stay, in its category: otherwise its lending could no longer be returned or reconciled.
 */
export function inventoryChangeRefusal(next: readonly KeyDefinition[], out: readonly KeyOut[]): Refusal | null {
  const byId = new Map(next.map((k) => [k.id, k]));
  for (const { keyId, category } of out) {
    const key = byId.get(keyId);
    if (!key)
      return refuse(409, 'key_is_out', `钥匙“${keyId}”已借出，请先归还再删除 · Key "${keyId}" is out; return it before removing it.`);
    if (key.category !== category) {
      const from = categoryNames[category];
      const to = categoryNames[key.category];
      return refuse(
        409,
        'key_is_out',
        `钥匙“${keyId}”已借出，归还后才能从“${from.zh}”改为“${to.zh}” · Key "${keyId}" is out; return it before moving it from ${from.en} to ${to.en}.`,
      );
    }
  }
  return null;
}
