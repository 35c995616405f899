// Typed requests for /api/shift/handover (the written handover, both PINs).
import type { Handover, HandoverHistory, HandoverLatest, HandoverRequest } from '../../../firmware-bridge/contract.js';
import { request } from './http.js';

export type { Handover, HandoverHistory, HandoverLatest };

export const handoverState = () => request<HandoverHistory>('GET', '/api/shift/handover?limit=10', undefined, { auth: true });
export const handOver = (body: HandoverRequest) => request<{ handover: Handover; html: string }>('POST', '/api/shift/handover', body, { auth: true });
/** The latest handover and which of its items are still open now (the incoming shift's first screen). */
export const latestHandover = () => request<HandoverLatest>('GET', '/api/shift/handover/latest', undefined, { auth: true });

/** The live events that can change what a handover lists: a key back, a complaint closed, a callback made. */
export const handoverEvents = ['key.*', 'complaint.*', 'followup.*', 'card.*', 'shift.*'] as const;
