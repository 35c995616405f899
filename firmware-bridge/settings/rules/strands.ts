import { refuse, type Refusal } from '../../kernel/refusal.js';

/** What the queue holds now, as its public snapshot (`GET /api/queue`) tells it. */
export interface QueueInUse {
  services: readonly { id: string; waiting: number }[];
  counters: readonly { id: string; serving: { number: string } | null }[];
}

interface Ids {
  services: readonly { id: string }[];
  counters: readonly { id: string }[];
}

/**
 * A change that would leave customers stranded is refused with the reason: a service removed while
 * tickets wait for it, a counter removed while it serves someone. (Finish or transfer them first.)
 */
export function strandRefusal(next: Ids, queue: QueueInUse): Refusal | null {
  const services = new Set(next.services.map((s) => s.id));
  const counters = new Set(next.counters.map((c) => c.id));
  for (const service of queue.services) {
    if (service.waiting > 0 && !services.has(service.id))
      return refuse(
        409,
        'would_strand',
        `服务“${service.id}”还有 ${service.waiting} 位顾客在等候，请先办理或转移后再删除 · Service "${service.id}" still has ${service.waiting} waiting; serve or transfer them before removing it.`,
      );
  }
  for (const counter of queue.counters) {
    if (counter.serving && !counters.has(counter.id))
      return refuse(
        409,
        'would_strand',
        `${counter.id}号窗口正在办理 ${counter.serving.number} 号，请办结后再删除 · Counter ${counter.id} is serving ${counter.serving.number}; finish it before removing the counter.`,
      );
  }
  return null;
}
