import type { HolderKind, KeyCategory } from '../../kernel/events.js';

/** Who a key was lent to. `card` and `name` stay in the local database; events carry `cardHash`. */
export interface Holder {
  kind: HolderKind;
  name: string;
  card: string | null;
  cardHash: string | null;
  contact: string | null;
  staff: string | null;
}

/** A lending still open or closed, as the state table holds it. */
export interface Handout {
  id: string;
  keyId: string;
  category: KeyCategory;
  holder: Holder;
  reason: string | null;
  approver: string | null;
  signature: string | null;
  staff: string;
  handedOutAt: number;
  dueBackAt: number | null;
  returnedAt: number | null;
  returnStaff: string | null;
  returnCard: string | null;
  wrongCard: boolean;
  missing: boolean;
  note: string | null;
}

/** The staff member acting, as `requireStaff()` puts it on the request. */
export interface ActingStaff {
  number: string;
  name: string;
  roles: readonly string[];
}
