import type { CounterState, QueueState, Ticket } from './queue-state.js';

/**
 * The ticket a counter calls next: arrival order within the services it serves; when priority and
 * normal tickets both wait, the counter's alternation cycle decides (not "priority always first").
 * Staff cannot pick a ticket: this is the only way one is chosen.
 */
export function nextTicketFor(
  state: QueueState,
  counter: CounterState,
  servedServices: ReadonlySet<string>,
  alternation: { priority: number; normal: number },
): Ticket | null {
  let firstPriority: Ticket | null = null;
  let firstNormal: Ticket | null = null;
  for (const ticket of state.tickets.values()) {
    if (ticket.state !== 'waiting' || !servedServices.has(ticket.service)) continue;
    if (ticket.priority) {
      if (!firstPriority || ticket.arrival < firstPriority.arrival) firstPriority = ticket;
    } else if (!firstNormal || ticket.arrival < firstNormal.arrival) firstNormal = ticket;
  }
  if (firstPriority && firstNormal) return counter.priorityRun < alternation.priority ? firstPriority : firstNormal;
  return firstPriority ?? firstNormal;
}

/** The next `count` tickets this counter would call, in order (接一、顾二、看三). */
export function upcomingFor(
  state: QueueState,
  counter: CounterState,
  servedServices: ReadonlySet<string>,
  alternation: { priority: number; normal: number },
  count: number,
): Ticket[] {
  const priority: Ticket[] = [];
  const normal: Ticket[] = [];
  for (const ticket of state.tickets.values()) {
    if (ticket.state !== 'waiting' || !servedServices.has(ticket.service)) continue;
    (ticket.priority ? priority : normal).push(ticket);
  }
  priority.sort((a, b) => a.arrival - b.arrival);
  normal.sort((a, b) => a.arrival - b.arrival);
  const result: Ticket[] = [];
  let { priorityRun, normalRun } = counter;
  while (result.length < count && (priority.length || normal.length)) {
    const takePriority = priority.length > 0 && (normal.length === 0 || priorityRun < alternation.priority);
    result.push(takePriority ? priority.shift()! : normal.shift()!);
    if (takePriority) priorityRun++;
    else if (++normalRun >= alternation.normal) priorityRun = normalRun = 0;
  }
  return result;
}
