import { request } from './http.js';
import { liveEvents } from './live-events.js';
import type { CounterAction, CounterActionAnswer, IssuedTicket, IssueTicketRequest, LiveEvent, QueueSnapshot, TicketStatus, TransferRequest, PauseRequest } from '../../../firmware-bridge/contract.js';

export function getQueue(signal?: AbortSignal): Promise<QueueSnapshot> {
  return request<QueueSnapshot>('GET', '/api/queue', undefined, { signal });
}

export async function issueTicket(input: IssueTicketRequest): Promise<IssuedTicket> {
  return (await request<{ ticket: IssuedTicket }>('POST', '/api/tickets', input)).ticket;
}

export async function getTicket(id: string): Promise<TicketStatus> {
  return (await request<{ ticket: TicketStatus }>('GET', `/api/tickets/${encodeURIComponent(id)}`)).ticket;
}

/** A counter action with the staff token; `next` on an empty queue answers null. */
export async function counterAction(counter: string, action: CounterAction, body?: TransferRequest | PauseRequest): Promise<TicketStatus | null> {
  const path = `/api/counters/${encodeURIComponent(counter)}/${action}`;
  return (await request<CounterActionAnswer>('POST', path, body ?? {}, { auth: true })).ticket;
}

/**
 * Keeps a queue snapshot fresh while someone shows it: reads it now, after every queue event
 * (ticket.* / counter.*, coalesced), after each live-event reconnection, and every `pollMs` as a
 * safety net. `onEvent` sees each event first (e.g. to flash a new call). Returns the stop function
 * (which also has `refresh()`).
 */
export function followQueue(
  onSnapshot: (snapshot: QueueSnapshot) => void,
  options: { pollMs?: number; onEvent?: (event: LiveEvent) => void; onError?: (error: unknown) => void } = {},
): QueueFollower {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: AbortController | null = null;
  const refresh = async () => {
    inFlight?.abort();
    const controller = (inFlight = new AbortController());
    try {
      const snapshot = await getQueue(controller.signal);
      if (!stopped && inFlight === controller) onSnapshot(snapshot);
    } catch (error) {
      if (!stopped && (error as Error).name !== 'AbortError') options.onError?.(error);
    }
  };
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), 100);
  };
  const onQueueEvent = (event: LiveEvent) => {
    options.onEvent?.(event);
    soon();
  };
  void refresh();
  const offs = [
    liveEvents.subscribe('ticket.*', onQueueEvent),
    liveEvents.subscribe('counter.*', onQueueEvent),
    // A saved settings change may add or remove services and counters.
    liveEvents.subscribe('settings.changed', onQueueEvent),
    liveEvents.onOpen(soon),
  ];
  const poll = setInterval(() => void refresh(), options.pollMs ?? 30000);
  const stop = () => {
    stopped = true;
    offs.forEach((off) => off());
    clearInterval(poll);
    if (timer) clearTimeout(timer);
    inFlight?.abort();
  };
  return Object.assign(stop, { refresh: soon });
}

/** The stop function of followQueue, with `refresh()` to re-read at once (after an action). */
export type QueueFollower = (() => void) & { refresh(): void };
