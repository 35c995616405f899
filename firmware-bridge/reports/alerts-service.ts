import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Clock, ClockTimer } from '../kernel/clock.js';
import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '../kernel/events.js';
import type { EventStore } from '../store/event-store.js';
import { alertMemoryFrom, alertsFromEvents, alertsFromObservation, type AlertDraft, type AlertMemory, type AlertThresholds, type Observation, type OpenFollowUp } from './rules/alert-rules.js';

export interface Alert extends AlertDraft {
  id: string;
  at: string;
}

/** Where the live state comes from (the queue's retained snapshot, the device registry, open follow-ups). */
export interface AlertSources {
  queueServices(): { id: string; oldestWaitSec: number }[];
  devices(): { id: string; state: string; since: string; disabled?: boolean }[];
  openFollowUps(): OpenFollowUp[];
}

/** How many alerts /desk can page back through. */
const KEPT = 50;

/**
 * Alerts to the duty manager: from committed events (unsatisfied ratings, streaks, complaints
 * opened) at once, from the live state (waits, device faults, follow-ups nearly due) every
 * `checkEverySec`, and from other features through `raise` (ctx.services 'alerts'). Each is
 * committed as `alert.raised` (so it survives a restart and reports can count it), then goes to
 * `GET /api/alerts` and to `publish` (MQTT `…/alert`, QoS 1).
 */
export class AlertsService {
  private readonly memory: AlertMemory;
  private readonly recent: Alert[];
  private readonly thresholds: AlertThresholds;
  private readonly targets: Map<string, number>;
  private timer: ClockTimer | null = null;

  constructor(
    config: FrontdeskConfig,
    private readonly clock: Clock,
    private readonly store: EventStore,
    private readonly sources: AlertSources,
    private readonly publish: (alert: Alert) => void,
  ) {
    // The latest alerts from the log, oldest first: /desk shows them again after a restart.
    this.recent = store.latestOf(['alert.raised'], KEPT).reverse().map(alertOf);
    // Reschedules after an alert free its follow-up for the next call's alert.
    this.memory = alertMemoryFrom(store.latestOf(['alert.raised', 'followup.rescheduled'], KEPT * 4).reverse());
    this.thresholds = config.alerts;
    this.targets = new Map(config.services.map((s) => [s.id, s.targetWaitSec]));
    this.checkEveryMs = config.alerts.checkEverySec * 1000;
  }

  private readonly checkEveryMs: number;

  learn(events: readonly StoredEvent[]): void {
    const drafts = alertsFromEvents(this.memory, events, this.thresholds);
    // Committed after the other listeners heard of the events that raised them, so the log and the stream keep cause before effect.
    if (drafts.length > 0) queueMicrotask(() => this.raise(drafts));
  }

  start(): void {
    const tick = () => {
      this.check();
      this.timer = this.clock.setTimeout(tick, this.checkEveryMs);
    };
    this.timer = this.clock.setTimeout(tick, this.checkEveryMs);
  }

  stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  check(): void {
    const seen: Observation = {
      now: this.clock.now(),
      services: this.sources.queueServices().flatMap((s) => (this.targets.has(s.id) ? [{ ...s, targetWaitSec: this.targets.get(s.id)! }] : [])),
      devices: this.sources.devices().filter((d) => !d.disabled),
      openFollowUps: this.sources.openFollowUps(),
    };
    this.raise(alertsFromObservation(this.memory, seen, this.thresholds));
  }

  /** Newest first. */
  list(): Alert[] {
    return [...this.recent].reverse();
  }

  /** Raises alerts (for other features: ids only, never a customer's data in `message`). */
  raise(drafts: AlertDraft[]): void {
    if (drafts.length === 0) return;
    const committed = this.store.commit(drafts.map((draft) => ({ type: 'alert.raised' as const, payload: { alertId: randomUUID(), ...draft } })));
    for (const event of committed) {
      const alert = alertOf(event);
      this.recent.push(alert);
      if (this.recent.length > KEPT) this.recent.shift();
      try {
        this.publish(alert);
      } catch {
        // Telemetry's trouble must not lose the alert on /desk.
      }
    }
  }
}

function alertOf(event: StoredEvent<'alert.raised'>): Alert {
  const { alertId, ...draft } = event.payload;
  return { id: alertId, at: event.at, ...draft };
}
