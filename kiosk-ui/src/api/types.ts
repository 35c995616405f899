// The HTTP contract (docs/api.md) as the UI sees it. Only what the screens read is typed;
// unknown extra fields are fine.

export interface Bilingual {
  zh: string;
  en: string;
}

export interface PublicService {
  id: string;
  letter: string;
  name: Bilingual;
  counters: string[];
  priority?: boolean;
}

export interface PublicCounter {
  id: string;
  name: Bilingual;
}

export interface PublicConfig {
  services: PublicService[];
  counters: PublicCounter[];
  site: { id: string; name: Bilingual | string; timezone: string };
  hours?: unknown;
}

/** The answer of POST /api/tickets, as the service defines it. */
export type { IssuedTicket } from '../../../firmware-bridge/queue/queue-service.js';

export type TicketState = 'waiting' | 'called' | 'finished' | 'skipped';

export interface TicketStatus {
  id: string;
  number: string;
  service: string;
  state: TicketState;
  ahead: number;
  estimatedWaitSec: number;
  counter: string | null;
}

/** The ticket a counter action answers with (fields beyond id/number/service are optional). */
export interface CounterTicket {
  id: string;
  number: string;
  service: string;
  state?: TicketState;
  issuedAt?: string;
  firstIssuedAt?: string;
  calledAt?: string | null;
  counter?: string | null;
  recalls?: number;
}

export interface QueueTicketRef {
  id: string;
  number: string;
  service: string;
}

export type CounterState = 'open' | 'paused' | 'closed';

export interface QueueCounter {
  id: string;
  state: CounterState;
  /** `waitSec`: seconds from the (first) issue to the call — what the apology hint is based on. */
  serving: (QueueTicketRef & { calledAt: string; waitSec?: number; issuedAt?: string; firstIssuedAt?: string }) | null;
  staff: string | null;
  next: QueueTicketRef[];
}

export interface QueueService {
  id: string;
  waiting: number;
  oldestWaitSec: number;
  estimatedWaitSec: number;
}

export interface RecentCall {
  ticketId: string;
  number: string;
  counter: string;
  at: string;
}

export interface QueueSnapshot {
  services: QueueService[];
  counters: QueueCounter[];
  recentCalls: RecentCall[];
}

export interface StaffInfo {
  number: string;
  name: string;
  roles: string[];
}

export interface Session {
  token: string;
  staff: StaffInfo;
  expiresAt: string;
}

export type DeviceState = 'ok' | 'degraded' | 'fault' | 'offline';

export interface DeviceStatus {
  state: DeviceState;
  detail?: string | null;
  since?: string;
  /** Switched off on purpose by config (e.g. telemetry off): shown as off, not as a fault. */
  disabled?: boolean;
}

export interface Health {
  status: 'ok' | 'degraded';
  devices: Record<string, DeviceStatus>;
}

/** A domain event as sent on /api/events (default SSE message). */
export interface LiveEvent<P = Record<string, unknown>> {
  id: string;
  seq: number;
  type: string;
  at: string;
  payload: P;
}

/** An `event: device` SSE message. */
export interface DeviceEvent extends DeviceStatus {
  id: string;
  kind: string;
}

export type CounterAction = 'next' | 'recall' | 'skip' | 'finish' | 'pause' | 'resume' | 'transfer';
