import { z } from 'zod';
import { bilingualText, isoTime, refusals, staffRefusals } from '../http/common-schemas.js';

const cardNumber = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9 _-]+$/, { error: '卡号只能含字母、数字、"-"、"_" · A card number uses letters, digits, "-" and "_".' });

export const bookingView = z.object({
  id: z.string(),
  classId: z.string(),
  day: z.string(),
  card: z.string(),
  via: z.string().describe('how the card was read at the desk: swipe or reader'),
  status: z.enum(['booked', 'waiting', 'cancelled']).describe('waiting: on the waiting list, promoted in order when a seat is given up'),
  checkedIn: z.boolean(),
  at: isoTime,
});

const seats = z.object({ seats: z.number().int(), booked: z.number().int(), free: z.number().int(), waiting: z.number().int() });

export const bookingBody = z.object({
  class: z.string().min(1).max(40).describe('the class id (config `classes[].id`, or its English name lower-cased with dashes)'),
  card: cardNumber.optional().describe('the member card read at the desk (409 `card_read_required` without it: no phone bookings)'),
  via: z.string().max(20).optional().describe('how the card was read: `swipe` or `reader` (409 `card_read_required` otherwise)'),
  signature: z.string().max(220_000).optional().describe('the member\'s signature from the touchscreen pad: a PNG data URL (409 `signature_required` without it)'),
});

const staffOnly = { security: [{ staff: [] }] };

export const bookingsRoutes = {
  book: {
    summary: 'Books a seat in today\'s class (from `bookings.opensAt`), with a card read at the desk and the member\'s signature; a full class puts the booking on the waiting list',
    body: bookingBody,
    ...staffOnly,
    response: { 201: z.object({ booking: bookingView, seats }), ...refusals(400, 404, 409, 413), ...staffRefusals },
  },
  cancel: {
    summary: 'Cancels a booking before its class starts; the first on the waiting list gets the seat',
    params: z.object({ id: z.uuid() }),
    ...staffOnly,
    response: { 200: z.object({ booking: bookingView, promoted: bookingView.nullable() }), ...refusals(400, 404, 409), ...staffRefusals },
  },
  checkIn: {
    summary: 'The member came to the class, with the booked card read (a booked seat not checked in by the start counts as a no-show)',
    params: z.object({ id: z.uuid() }),
    body: z.object({ card: cardNumber.describe('the card read as the member arrives: must be the booked one (409 `card_mismatch`)') }),
    ...staffOnly,
    response: { 200: z.object({ booking: bookingView }), ...refusals(400, 404, 409), ...staffRefusals },
  },
  list: {
    summary: 'The day\'s bookable classes: seats, bookings and waiting list in order, no-shows once counted',
    querystring: z.object({ date: z.iso.date({ error: '“date”应为 YYYY-MM-DD 日期 · "date" must be a date as YYYY-MM-DD.' }).optional().describe('local day; default today') }),
    ...staffOnly,
    response: {
      200: z.object({
        date: z.string(),
        opensAt: z.string(),
        open: z.boolean().describe('that day\'s classes can be booked now (today, from `opensAt`)'),
        classes: z.array(seats.extend({ class: z.string(), name: bilingualText, at: z.string(), cancelled: z.boolean().describe('not taking place that day'), started: z.boolean(), noShows: z.number().int().nullable(), bookings: z.array(bookingView) })),
      }),
      ...refusals(400),
      ...staffRefusals,
    },
  },
};
