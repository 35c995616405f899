// The simulated printer's window for demos (GET /api/printer/printouts, POST /api/printer/simulate).
// A real printer answers 404 `not_simulated`: the desk screen then hides the demo panel.
import type { SimCondition, SimPrintout } from '../../../firmware-bridge/contract.js';
import { ApiError, request } from './http.js';

export type { SimCondition, SimPrintout };


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
