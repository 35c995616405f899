// Typed requests for /api/guests (guest registration; the records stay on the desk).
import type { GuestCompletion, GuestRequest, GuestView, GuestsDay } from '../../../firmware-bridge/contract.js';
import { request } from './http.js';

export type { GuestView, GuestsDay };

export const listGuests = () => request<GuestsDay>('GET', '/api/guests', undefined, { auth: true });
export const registerGuest = (body: GuestRequest) => request<{ guest: GuestView }>('POST', '/api/guests', body, { auth: true });
export const completeGuest = (id: string, body: GuestCompletion) => request<{ guest: GuestView }>('PATCH', `/api/guests/${encodeURIComponent(id)}`, body, { auth: true });
