import { localDay } from '../../kernel/local-time.js';

export const memberStatuses = ['normal', 'suspended', 'expired', 'lost'] as const;
export type MemberStatus = (typeof memberStatuses)[number];

export interface Member {
  card: string;
  name: string;
  status: MemberStatus;
  validUntil: string | null; // YYYY-MM-DD inclusive
  suspendedFrom: string | null;
  suspendedTo: string | null;
}

/** `replaced`: a replacement card was issued (docs/domain.md#card-replacement), so this one is void. */
export type CardProblem = 'unknown_card' | 'suspended' | 'expired' | 'lost' | 'replaced';

export type CardCheck = { valid: true; member: Member } | { valid: false; reason: CardProblem; message: string };

/** Is this card in normal use today (docs/domain.md#keys-valid-card)? Status, validity date and suspension window all count. */
export function checkCard(member: Member | undefined, now: number, tz: string): CardCheck {
  if (!member) return { valid: false, reason: 'unknown_card', message: '未登记的会员卡 · Card not registered' };
  const today = localDay(now, tz);
  const window = member.suspendedFrom || member.suspendedTo ? `${member.suspendedFrom ?? '…'} – ${member.suspendedTo ?? '…'}` : '';
  switch (member.status) {
    case 'lost':
      return { valid: false, reason: 'lost', message: '会员卡已挂失 · Card reported lost' };
    case 'expired':
      return { valid: false, reason: 'expired', message: '会员卡已过期 · Card expired' };
    case 'suspended':
      return { valid: false, reason: 'suspended', message: `会员卡已停卡${window ? `（${window}）` : ''} · Card suspended${window ? ` (${window})` : ''}` };
    case 'normal':
      break;
  }
  if (member.validUntil && today > member.validUntil) return { valid: false, reason: 'expired', message: `会员卡已于 ${member.validUntil} 到期 · Card expired on ${member.validUntil}` };
  const inWindow = window !== '' && (!member.suspendedFrom || today >= member.suspendedFrom) && (!member.suspendedTo || today <= member.suspendedTo);
  if (inWindow) return { valid: false, reason: 'suspended', message: `会员卡停卡中（${window}） · Card suspended (${window})` };
  return { valid: true, member };
}
