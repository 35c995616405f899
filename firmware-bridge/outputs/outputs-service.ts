import type { OutputConfig } from '../../config/schema/outputs.js';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { DeviceState } from '../../devices/device.js';
import type { Clock, ClockTimer } from '../kernel/clock.js';
import { isoLocal, localDay } from '../kernel/local-time.js';
import { refuse, type Refusal } from '../kernel/refusal.js';
import type { EventStore } from '../store/event-store.js';
import type { OutputRow, OutputsStore } from './outputs-store.js';
import {
  desiredState,
  effectiveSwitches,
  lastMemberLeftAt,
  nextInstantAfter,
  planOutputDay,
  type DesiredState,
  type OutputDay,
  type OutputReason,
  type OutputState,
  type OverrideMode,
} from './rules/output-plan.js';

/** The relay driver as the service needs it (devices/outputs/digital-output.ts). */
export interface OutputDriver {
  readonly status: DeviceState;
  set(on: boolean): void;
  readonly isOn: boolean | null;
}

/** One output as GET /api/outputs shows it. */
export interface OutputView {
  id: string;
  name: { zh: string; en: string };
  state: OutputState;
  mode: OverrideMode;
  reason: OutputReason;
  since: string;
  overrideUntil: string | null;
  untilLastMemberLeaves: boolean;
  season: OutputDay['season'];
  plan: OutputDay['kind'];
  offWhenLastMemberLeft: boolean;
  switches: { at: string; state: OutputState; reason: 'plan' | 'last_member_left' }[];
  board: { state: DeviceState['state']; detail: string };
}

export interface OutputsServiceOptions {
  config: Pick<FrontdeskConfig, 'site' | 'hours' | 'outputs'>;
  clock: Clock;
  store: EventStore;
  outputsStore: OutputsStore;
  drivers: ReadonlyMap<string, OutputDriver>;
  /** Member wrist keys (member_locker) out now, from the keys service. */
  membersIn: () => number;
  /** Re-checks at least this often, so a wall-clock jump is noticed within it. */
  watchdogMs?: number;
}

/**
 * Timed outputs: on every tick each output is set to what its day plan, a staff override and the
 * "last member left" rule say for *now* (so a restart or a clock jump lands in the right state, never
 * replays the day). A change of state or mode is one committed `output.changed` event with its row
 * in `output_state`; the relay is written after the commit.
 */
export class OutputsService {
  private timer: ClockTimer | null = null;
  private date = '';
  private days = new Map<string, OutputDay>();
  private leftAt: number | null = null;
  private rows: Map<string, OutputRow>;
  private readonly byId: Map<string, OutputConfig>;
  private readonly tz: string;

  constructor(private readonly o: OutputsServiceOptions) {
    this.byId = new Map(o.config.outputs.switches.map((s) => [s.id, s]));
    this.rows = o.outputsStore.all();
    this.tz = o.config.site.timezone;
  }

  start(): void {
    this.tick();
  }

  stop(): void {
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Something the rules depend on changed (a key came back): decide again now. */
  refresh(): void {
    this.stop();
    this.tick();
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  list(): OutputView[] {
    this.dayAt(this.o.clock.now());
    return [...this.byId.keys()].map((id) => this.view(id));
  }

  /** The retained `output/{id}` topic. */
  topicPayload(id: string): object {
    const v = this.view(id);
    return { state: v.state, mode: v.mode, reason: v.reason, since: v.since, overrideUntil: v.overrideUntil, board: v.board.state };
  }

  /** Staff force an output on or off until its next planned switch (or the day's end), or hand it back to the plan. */
  setMode(id: string, mode: OverrideMode, staff: string): OutputView | Refusal {
    if (!this.byId.has(id)) return refuse(404, 'unknown_output', `没有名为“${id}”的输出 · There is no output "${id}".`);
    const now = this.o.clock.now();
    this.dayAt(now);
    const override = mode === 'auto' ? null : { state: mode, at: now, staff };
    const desired = desiredState(this.days.get(id)!, { now, override, leftAt: this.leftAt });
    this.record(id, desired, override, now, staff);
    this.refresh();
    return this.view(id);
  }

  private tick(): void {
    this.timer = null;
    const now = this.o.clock.now();
    this.dayAt(now);
    let next = now + (this.o.watchdogMs ?? 15_000);
    for (const [id, day] of this.days) {
      const row = this.rows.get(id);
      const override = row?.override ?? null;
      const situation = { now, override, leftAt: this.leftAt };
      const desired = desiredState(day, situation);
      // An override that has run out is dropped from the row; the plan decides again.
      this.record(id, desired, desired.override ? override : null, now, null);
      next = Math.min(next, nextInstantAfter(day, situation));
    }
    this.timer = this.o.clock.setTimeout(() => this.tick(), Math.max(1, next - now));
  }

  /** Today's plans, and the "last member left" instant once closing has passed and no wrist key is out. */
  private dayAt(now: number): void {
    const date = localDay(now, this.tz);
    if (date !== this.date) {
      this.date = date;
      const ctx = { timezone: this.tz, hours: this.o.config.hours, seasons: this.o.config.outputs.seasons };
      this.days = new Map([...this.byId.values()].map((s) => [s.id, planOutputDay(date, s, ctx)]));
      this.leftAt = this.o.outputsStore.lastMemberLeftAt(date);
    }
    if (this.leftAt !== null) return;
    const ruled = [...this.days.values()].find((d) => d.lastMemberRuleFrom !== null && now >= d.lastMemberRuleFrom && now < d.dayEnd);
    if (!ruled) return;
    const left = lastMemberLeftAt(ruled, now, this.o.membersIn(), null);
    if (left === null) return;
    this.leftAt = left;
    this.o.outputsStore.setLastMemberLeftAt(date, left);
  }

  /** Commits a change of state or mode (staff actions always), then drives the relay. */
  private record(id: string, desired: DesiredState, override: OutputRow['override'], now: number, staff: string | null): void {
    const row = this.rows.get(id);
    const mode: OverrideMode = override?.state ?? 'auto';
    const changed = !row || row.state !== desired.state || (row.override?.state ?? 'auto') !== mode || row.override?.at !== override?.at;
    if (changed || staff !== null) {
      const next: OutputRow = { output: id, state: desired.state, reason: desired.reason, override: override ?? null, changedAt: row && row.state === desired.state ? row.changedAt : now };
      const until = desired.overrideUntil === null ? null : isoLocal(desired.overrideUntil, this.tz);
      this.o.store.commit(
        [{ type: 'output.changed', payload: { output: id, state: desired.state, mode, reason: desired.reason, until, ...(staff ? { staff } : {}) } }],
        () => this.o.outputsStore.save(next),
      );
      this.rows.set(id, next);
    }
    const driver = this.o.drivers.get(id);
    if (driver && driver.isOn !== (desired.state === 'on')) driver.set(desired.state === 'on');
  }

  private view(id: string): OutputView {
    const config = this.byId.get(id)!;
    const day = this.days.get(id)!;
    const now = this.o.clock.now();
    const row = this.rows.get(id);
    const desired = desiredState(day, { now, override: row?.override ?? null, leftAt: this.leftAt });
    const board = this.o.drivers.get(id)?.status;
    return {
      id,
      name: config.name,
      state: row?.state ?? desired.state,
      mode: desired.override ?? 'auto',
      reason: row?.reason ?? desired.reason,
      since: isoLocal(row?.changedAt ?? now, this.tz),
      overrideUntil: desired.overrideUntil === null ? null : isoLocal(desired.overrideUntil, this.tz),
      untilLastMemberLeaves: desired.untilLastMemberLeaves,
      season: day.season,
      plan: day.kind,
      offWhenLastMemberLeft: config.offWhenLastMemberLeft,
      switches: effectiveSwitches(day, this.leftAt).map((s) => ({ at: isoLocal(s.at, this.tz), state: s.state, reason: s.reason })),
      board: { state: board?.state ?? 'offline', detail: board?.detail ?? '' },
    };
  }
}
