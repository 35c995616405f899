import { addDays, instantOf } from '../../kernel/local-time.js';
import { openingFor, type OpeningHours } from '../../kernel/opening-hours.js';

export type Season = 'spring' | 'summer' | 'autumn' | 'winter';
/** First day of each season, "MM-DD". */
export type SeasonStarts = Record<Season, string>;
/** A season's plan for one output: staff only, off all day, or one span ("HH:MM", "opening", "closing"). */
export type SeasonPlan = 'manual' | 'off' | { on: string; off: string };

/** What planning needs of one configured output. */
export interface OutputPlanConfig {
  id: string;
  plan: Record<Season, SeasonPlan>;
  offWhenLastMemberLeft: boolean;
}

export type OutputState = 'on' | 'off';
/** What staff ask for on /desk: force on or off for now, or back to the plan. */
export type OverrideMode = OutputState | 'auto';
/** Why an output is in its state: the day plan, a staff override, or the last member leaving after closing. */
export type OutputReason = 'plan' | 'manual' | 'last_member_left';

const seasonOrder: readonly Season[] = ['spring', 'summer', 'autumn', 'winter'];

/** The season of a YYYY-MM-DD date: the one whose start (MM-DD) came last, round the year. */
export function seasonOf(date: string, starts: SeasonStarts): Season {
  const day = date.slice(5);
  const begun = seasonOrder.filter((s) => starts[s] <= day);
  // Before the year's earliest start, the season that began last year is still on.
  const pool = begun.length > 0 ? begun : seasonOrder;
  return pool.reduce((latest, s) => (starts[s] > starts[latest] ? s : latest));
}

export interface PlannedSwitch {
  at: number;
  state: OutputState;
  reason: 'plan' | 'last_member_left';
}

/** One output's plan for one local day: the instants it switches, and the "last member left" rule. */
export interface OutputDay {
  output: string;
  date: string;
  season: Season;
  /** The season's kind of plan: a span, staff only (`manual`), or `off` all day. Closed days have no switches whatever the kind. */
  kind: 'span' | 'manual' | 'off';
  /** Fixed switch instants, in time order. */
  switches: PlannedSwitch[];
  /** Closing instant from which "off when the last member has left" applies; null without the rule or on a closed day. */
  lastMemberRuleFrom: number | null;
  dayStart: number;
  /** The next local midnight: overrides end here at the latest. */
  dayEnd: number;
}

export interface PlanContext {
  timezone: string;
  hours: OpeningHours;
  seasons: SeasonStarts;
}

/**
 * The day's switch instants of one output. A span is switched on and off on open days only (a
 * closed day keeps every output off); an off that is not later than the on gives no span that day
 * (a short holiday closing before the air conditioning would come on). With "off when the last
 * member has left", an `off: closing` is not a fixed instant: it waits for the last member.
 */
export function planOutputDay(date: string, output: OutputPlanConfig, ctx: PlanContext): OutputDay {
  const tz = ctx.timezone;
  const season = seasonOf(date, ctx.seasons);
  const plan = output.plan[season];
  const span = openingFor(date, ctx.hours);
  const day: OutputDay = {
    output: output.id,
    date,
    season,
    kind: typeof plan === 'string' ? plan : 'span',
    switches: [],
    lastMemberRuleFrom: output.offWhenLastMemberLeft && span ? instantOf(date, span.close, tz) : null,
    dayStart: instantOf(date, '00:00', tz),
    dayEnd: instantOf(addDays(date, 1), '00:00', tz),
  };
  if (!span || typeof plan === 'string') return day;
  const on = instantOf(date, plan.on === 'opening' ? span.open : plan.on, tz);
  const off = instantOf(date, plan.off === 'closing' ? span.close : plan.off, tz);
  if (off <= on) return day;
  day.switches.push({ at: on, state: 'on', reason: 'plan' });
  if (!(plan.off === 'closing' && day.lastMemberRuleFrom !== null)) day.switches.push({ at: off, state: 'off', reason: 'plan' });
  return day;
}

/**
 * When the last member left, as far as the rule is concerned: once known it stays; otherwise it is
 * `now` when the rule applies (closing has passed) and no member wrist key is out.
 */
export function lastMemberLeftAt(day: OutputDay, now: number, membersIn: number, known: number | null): number | null {
  if (known !== null) return known;
  if (day.lastMemberRuleFrom === null || now < day.lastMemberRuleFrom || now >= day.dayEnd) return null;
  return membersIn === 0 ? now : null;
}

/** The fixed switches plus the "last member left" off, once it has happened. */
export function effectiveSwitches(day: OutputDay, leftAt: number | null): PlannedSwitch[] {
  if (day.lastMemberRuleFrom === null || leftAt === null) return day.switches;
  const off: PlannedSwitch = { at: Math.max(leftAt, day.lastMemberRuleFrom), state: 'off', reason: 'last_member_left' };
  return [...day.switches, off].sort((a, b) => a.at - b.at);
}

export interface Override {
  state: OutputState;
  /** When staff set it. */
  at: number;
}

export interface OutputSituation {
  now: number;
  override: Override | null;
  /** When the last member left after closing today; null while members are in (or before closing). */
  leftAt: number | null;
}

export interface DesiredState {
  state: OutputState;
  reason: OutputReason;
  /** The override in force, or null when the plan decides. */
  override: OutputState | null;
  /** When the override ends: the output's next planned switch after it was set, or the end of the day. */
  overrideUntil: number | null;
  /** The override will also end when the last member leaves (not yet known when). */
  untilLastMemberLeaves: boolean;
}

/**
 * How long a staff override lasts: until the output's next planned switch after it was set (the
 * air conditioning switched on at 15:00 follows the plan again from its 18:00 on), or the end of
 * the local day when nothing else is planned. The "last member left" off counts as a planned switch.
 */
export function overrideEnd(day: OutputDay, override: Override, leftAt: number | null): number {
  return effectiveSwitches(day, leftAt).find((s) => s.at > override.at)?.at ?? day.dayEnd;
}

/** Whether an override set at `override.at` still applies at `now` on this day. */
export function overrideActive(day: OutputDay, override: Override | null, leftAt: number | null, now: number): override is Override {
  return override !== null && override.at >= day.dayStart && override.at < day.dayEnd && override.at <= now && now < overrideEnd(day, override, leftAt);
}

/** What the output should be at `situation.now`: a live override, else the last switch at or before now, else off. */
export function desiredState(day: OutputDay, situation: OutputSituation): DesiredState {
  const { now, override, leftAt } = situation;
  if (overrideActive(day, override, leftAt, now)) {
    const until = overrideEnd(day, override, leftAt);
    const pendingRule = day.lastMemberRuleFrom !== null && leftAt === null && until > day.lastMemberRuleFrom;
    return { state: override.state, reason: 'manual', override: override.state, overrideUntil: until, untilLastMemberLeaves: pendingRule };
  }
  let current: PlannedSwitch | null = null;
  for (const s of effectiveSwitches(day, leftAt)) if (s.at <= now) current = s;
  return { state: current?.state ?? 'off', reason: current?.reason ?? 'plan', override: null, overrideUntil: null, untilLastMemberLeaves: false };
}

/** The next instant after `now` at which the desired state may change by time alone (keys returning are events). */
export function nextInstantAfter(day: OutputDay, situation: OutputSituation): number {
  const { now, override, leftAt } = situation;
  const candidates = [...effectiveSwitches(day, leftAt).map((s) => s.at), day.dayEnd];
  if (day.lastMemberRuleFrom !== null && leftAt === null) candidates.push(day.lastMemberRuleFrom);
  if (override) candidates.push(overrideEnd(day, override, leftAt));
  return Math.min(...candidates.filter((at) => at > now));
}
