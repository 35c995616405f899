import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Clock, ClockTimer } from '../kernel/clock.js';
import type { StoredEvent } from '../kernel/events.js';
import { alertsFromEvents, alertsFromObservation, emptyAlertMemory, type AlertDraft, type AlertThresholds, type Observation } from './rules/alert-rules.js';

export interface Alert extends AlertDraft {
  id: string;
  at: string;
}

/** Where the live state comes from (the queue's retained snapshot, the device registry, open follow-ups). */
export interface AlertSources {
  queueServices(): { id: string; oldestWaitSec: number }[];
  devices(): { id: string; state: string; since: string; disabled?: boolean }[];
  openFollowUps(): { id: string; counter: string; dueAt: number }[];
}

/** How many alerts /desk can page back through. */
const KEPT = 50;

/**
 * Alerts to the duty manager: from committed events (unsatisfied ratings, streaks) at once, from
 * the live state (waits, device faults, follow-ups nearly due) every `checkEverySec`. Each goes to
 * `GET /api/alerts` and to `publish` (MQTT `…/alert`, QoS 1).
 */
export class AlertsService {
  private readonly memory = emptyAlertMemory();
  private readonly recent: Alert[] = [];
  private readonly thresholds: AlertThresholds;
  private readonly targets: Map<string, number>;
  private timer: ClockTimer | null = null;
  private seq = 0;

  constructor(
    config: FrontdeskConfig,
    private readonly clock: Clock,
    private readonly sources: AlertSources,
    private readonly publish: (alert: Alert) => void,
  ) {
    this.thresholds = config.alerts;
    this.targets = new Map(config.services.map((s) => [s.id, s.targetWaitSec]));
    this.checkEveryMs = config.alerts.checkEverySec * 1000;
  }

  private readonly checkEveryMs: number;

  learn(events: readonly StoredEvent[]): void {
    this.raise(alertsFromEvents(this.memory, events, this.thresholds));
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

  private raise(drafts: AlertDraft[]): void {
    for (const draft of drafts) {
      const alert: Alert = { id: `${this.clock.now().toString(36)}-${++this.seq}`, at: new Date(this.clock.now()).toISOString(), ...draft };
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
