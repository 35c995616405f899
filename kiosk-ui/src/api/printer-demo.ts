// The simulated printer's window for demos (GET /api/printer/printouts, POST /api/printer/simulate).
// A real printer answers 404 `not_simulated`: the desk screen then hides the demo panel.
import { ApiError, request } from './http.js';

export type SimCondition = 'ok' | 'paper_near_end' | 'paper_out' | 'cover_open' | 'offline';

export interface PrintoutLine {
  text: string;
  align: 'left' | 'center' | 'right';
  bold: boolean;
  width: number;
  height: number;
}

/** One ticket the simulated printer "printed", read back from its ESC/POS bytes. */
export interface SimPrintout {
  at: string;
  number: string;
  bytes: number;
  text: string[];
  lines: PrintoutLine[];
  qr: { data: string }[];
  cut: boolean;
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
