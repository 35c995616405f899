// The printer from the desk: tickets that did not print and their reprint (any printer), and the
// simulated printer's window for demos (GET /api/printer/printouts, POST /api/printer/simulate).
// A real printer answers 404 `not_simulated` there: the desk screen then hides the demo panel.
import type { SimCondition, SimPrintout, UnprintedTicket } from '../../../firmware-bridge/contract.js';
import { ApiError, request } from './http.js';

export type { SimCondition, SimPrintout, UnprintedTicket };

/** Waiting tickets that did not print, oldest first (staff). */
export async function getUnprinted(): Promise<UnprintedTicket[]> {
  return (await request<{ tickets: UnprintedTicket[] }>('GET', '/api/printer/unprinted', undefined, { auth: true })).tickets;
}

/** Prints one of them now (refused with 503 while the printer is still down). */
export function reprintTicket(ticket: string): Promise<unknown> {
  return request('POST', '/api/printer/reprint', { ticket }, { auth: true });
}


/** The last simulated tickets, newest first, or null when the printer is a real one. */
export async function getPrintouts(): Promise<SimPrintout[] | null> {
  try {
    return (await request<{ printouts: SimPrintout[] }>('GET', '/api/printer/printouts', undefined, { auth: true })).printouts;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Puts the simulated printer in a condition (staff with the front_desk or manager role). */
export function simulatePrinter(condition: SimCondition): Promise<unknown> {
  return request('POST', '/api/printer/simulate', { condition }, { auth: true });
}
