// Typed requests for /api/members (card operations at the gym desk).
import type { CardTransferAnswer, CardTransferRequest, CardView, PaperworkLine, ReplaceAnswer, SuspendAnswer, SuspendRequest } from '../../../firmware-bridge/contract.js';
import { request } from './http.js';

export type { CardView, PaperworkLine };

const card = (number: string) => `/api/members/${encodeURIComponent(number)}`;

export const getCard = (number: string) => request<{ card: CardView }>('GET', card(number), undefined, { auth: true });
export const suspendCard = (number: string, body: SuspendRequest) => request<SuspendAnswer>('POST', `${card(number)}/suspend`, body, { auth: true });
export const transferCard = (number: string, body: CardTransferRequest) => request<CardTransferAnswer>('POST', `${card(number)}/transfer`, body, { auth: true });
export const replaceCard = (number: string, newCard: string) => request<ReplaceAnswer>('POST', `${card(number)}/replace`, { newCard }, { auth: true });
export const paperwork = (date?: string) => request<{ date: string; items: PaperworkLine[] }>('GET', `/api/members/paperwork${date ? `?date=${date}` : ''}`, undefined, { auth: true });
