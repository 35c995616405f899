import { request } from './http.js';
import type { CounterAction, CounterTicket, IssuedTicket, QueueSnapshot, TicketStatus } from './types.js';

export function getQueue(signal?: AbortSignal): Promise<QueueSnapshot> {
  return request<QueueSnapshot>('GET', '/api/queue', undefined, { signal });
}

export interface IssueTicketInput {
  service: string;
  member?: string;
  phone?: string;
}

export async function issueTicket(input: IssueTicketInput): Promise<IssuedTicket> {
  return (await request<{ ticket: IssuedTicket }>('POST', '/api/tickets', input)).ticket;
}

export async function getTicket(id: string): Promise<TicketStatus> {
  return (await request<{ ticket: TicketStatus }>('GET', `/api/tickets/${encodeURIComponent(id)}`)).ticket;
}

/** A counter action with the staff token; `next` on an empty queue answers null. */
export async function counterAction(counter: string, action: CounterAction, body?: { service: string }): Promise<CounterTicket | null> {
  const path = `/api/counters/${encodeURIComponent(counter)}/${action}`;
  return (await request<{ ticket: CounterTicket | null }>('POST', path, body ?? {}, { auth: true })).ticket;
}
