// Typed requests for /api/bookings (same-day class bookings at the desk).
import type { BookingAnswer, BookingRequest, BookingView, BookingsDay } from '../../../firmware-bridge/contract.js';
import { request } from './http.js';

export type { BookingView, BookingsDay };
export type BookableClass = BookingsDay['classes'][number];

export const listBookings = () => request<BookingsDay>('GET', '/api/bookings', undefined, { auth: true });
export const book = (body: BookingRequest) => request<BookingAnswer>('POST', '/api/bookings', body, { auth: true });
export const cancelBooking = (id: string) => request<{ booking: BookingView; promoted: BookingView | null }>('DELETE', `/api/bookings/${encodeURIComponent(id)}`, undefined, { auth: true });
