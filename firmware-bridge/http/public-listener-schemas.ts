import { z } from 'zod';
import { refusals } from './common-schemas.js';

// The routes for customer-facing screens that public-listener.ts adds to the staff app.

const ticketId = z.object({ id: z.string().describe('the ticket id from the QR code') });

export const ticketLinks = z.object({
  baseUrl: z.string().describe('the address ticket QR codes point at'),
  loopback: z.boolean().describe('true when no phone can open it (127.0.0.1, localhost, 0.0.0.0): set http.public'),
});

export const counterClerk = z.object({
  counter: z.string(),
  staff: z.object({ number: z.string(), name: z.string() }).nullable().describe('who serves at this counter now; null when nobody'),
});

export const customerRoutes = {
  ticketEvents: {
    summary: "Server-Sent Events for one ticket's status page: a bare tick whenever the queue moves",
    description: 'text/event-stream; each message\'s data is `{"changed":true}` (nothing about other customers): re-read `GET /api/tickets/{id}`. Also served on the public listener.',
    params: ticketId,
  },
  ticketLinks: { summary: 'Where ticket QR codes point, and whether a phone can open that address', response: { 200: ticketLinks } },
  counterClerk: {
    summary: 'The staff number and display name serving at a counter (the rating terminal shows who served you)',
    params: z.object({ id: z.string().describe('counter id') }),
    response: { 200: counterClerk, ...refusals(404) },
  },
};
