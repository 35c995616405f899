import type { z } from 'zod';
import { openAllWeek, type CentralConfig } from '../../config/schema/central.js';
import { localDay } from '../kernel/local-time.js';
import { collectFacts, rangeInstants, type ReportFacts, type ReportRange, type ReportSettings } from '../reports/rules/report-facts.js';
import { datesOf, figuresOf, type Figures } from '../reports/rules/report-kpis.js';
import { reportCsv } from '../reports/rules/report-csv.js';
import type { deviceFault, fleetReport, siteDetail, siteSummary } from './fleet-schemas.js';
import type { CentralStore, StateRow } from './central-store.js';

type SiteSummary = z.output<typeof siteSummary>;
type SiteDetail = z.output<typeof siteDetail>;
type FleetReport = z.output<typeof fleetReport>;
type Fault = z.output<typeof deviceFault>;

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const rec = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/**
 * What managers see, computed from PostgreSQL (shared by every worker) with the desk's own report
 * rules (reports/rules: collectFacts, figuresOf, reportCsv), each site in its own time zone.
 */
export class CentralViews {
  constructor(
    private readonly store: CentralStore,
    private readonly config: CentralConfig,
    private readonly now: () => number = Date.now,
  ) {}

  settingsOf(site: string): ReportSettings {
    const own = this.config.sites[site];
    const services = own?.services ?? [];
    return {
      timezone: own?.timezone ?? this.config.defaults.timezone,
      hours: own?.hours ?? openAllWeek,
      services,
      counters: [],
    };
  }

  private async facts(site: string, range: ReportRange): Promise<ReportFacts> {
    const settings = this.settingsOf(site);
    const { start, end } = rangeInstants(range, settings.timezone);
    // A day earlier: tickets issued before midnight UTC of a late zone still belong to the range's days.
    const events = await this.store.events(site, start - 86_400_000, end);
    // A service the site entry does not name is measured against the default target.
    const known = new Set(settings.services.map((s) => s.id));
    const extra = [...new Set(events.map((e) => (e.payload as { service?: unknown }).service).filter((s): s is string => typeof s === 'string' && !known.has(s)))];
    const withDefaults = { ...settings, services: [...settings.services, ...extra.map((id) => ({ id, targetWaitSec: this.config.defaults.targetWaitSec, complaints: false }))] };
    return collectFacts(events, withDefaults, range, this.now());
  }

  async summary(site: string): Promise<SiteSummary> {
    const settings = this.settingsOf(site);
    const today = localDay(this.now(), settings.timezone);
    const [states, lastSeen, alerts, gaps, facts] = await Promise.all([
      this.store.states(site),
      this.store.lastSeen(site),
      this.store.alerts(site, 10),
      this.store.openGapCount(site),
      this.facts(site, { from: today, to: today }),
    ]);
    const state = new Map(states.map((s) => [s.topic, s]));
    const status = state.get('status');
    const queue = rec(state.get('queue')?.payload);
    const services = Array.isArray(queue.services) ? queue.services.map(rec) : [];
    const satisfaction = rec(state.get('satisfaction/today')?.payload);
    const keys = rec(state.get('keys')?.payload);
    const today_ = figuresOf(facts);
    const online = status?.payload.state === 'online';
    return {
      site,
      timezone: settings.timezone,
      online,
      since: status ? (online && typeof status.payload.startedAt === 'string' ? status.payload.startedAt : status.updatedAt) : null,
      lastSeen,
      waiting: services.reduce((sum, s) => sum + num(s.waiting), 0),
      longestWaitSec: Math.round(services.reduce((max, s) => Math.max(max, num(s.oldestWaitSec)), 0)),
      serviceLevelToday: today_.serviceLevel,
      satisfactionRateToday: typeof satisfaction.rate === 'number' ? satisfaction.rate : today_.ratings.rate,
      followUpsOpen: num(satisfaction.followUpsOpen),
      followUpsOverdue: num(satisfaction.followUpsOverdue),
      keysOut: num(keys.out),
      keysOverdue: num(keys.overdue),
      faults: devicesOf(states).filter((d) => d.state !== 'ok'),
      alerts: alerts as SiteSummary['alerts'],
      seqGaps: gaps,
      eventsToday: facts.issued.length + facts.ratings.length,
    };
  }

  async detail(site: string): Promise<SiteDetail | null> {
    const [summary, states, gaps, lastSeq, recent] = await Promise.all([
      this.summary(site),
      this.store.states(site),
      this.store.gaps(site),
      this.store.lastSeq(site),
      this.store.recentEvents(site, 50),
    ]);
    if (states.length === 0 && lastSeq === null) return null;
    const payload = (topic: string) => states.find((s) => s.topic === topic)?.payload ?? null;
    return {
      ...summary,
      status: payload('status'),
      queue: payload('queue'),
      satisfaction: payload('satisfaction/today'),
      keys: payload('keys'),
      devices: devicesOf(states),
      gaps,
      lastSeq,
      recentEvents: recent,
    };
  }

  /** The fleet's figures over a range (facts of every site merged), and each site's, ranked. */
  async report(sites: readonly string[], range: ReportRange): Promise<FleetReport> {
    const perSite = await Promise.all(sites.map(async (site) => ({ site, facts: await this.facts(site, range) })));
    const merged = perSite.reduce<ReportFacts | null>((all, { facts }) => (all === null ? { ...facts } : mergeFacts(all, facts)), null);
    const total: Figures = merged ? figuresOf(merged) : figuresOf(emptyFacts(range, this.now()));
    const ranked = perSite
      .map(({ site, facts }) => ({ site, ...figuresOf(facts) }))
      .sort((a, b) => (b.serviceLevel ?? -1) - (a.serviceLevel ?? -1) || (b.ratings.rate ?? -1) - (a.ratings.rate ?? -1) || a.site.localeCompare(b.site))
      .map((row, i) => ({ ...row, rank: i + 1 }));
    return { from: range.from, to: range.to, days: datesOf(range).length, ...total, sites: ranked };
  }

  /** The desk's CSV layout: a header, the total row, one row per site (group `site:{id}`). */
  static csv(report: FleetReport): string {
    const { sites, ...total } = report;
    const asDeskReport = { ...total, arrivalsByHour: [], pauseByReason: {}, counters: [], satisfactionHeatmap: [], by: 'site', groups: sites.map((s) => ({ ...s, key: s.site })) };
    return reportCsv(asDeskReport as unknown as Parameters<typeof reportCsv>[0]);
  }
}

function devicesOf(states: readonly StateRow[]): (Fault & { state: string })[] {
  return states
    .filter((s) => s.topic.startsWith('device/'))
    .map((s) => ({
      device: s.topic.slice('device/'.length),
      kind: typeof s.payload.kind === 'string' ? s.payload.kind : '',
      state: typeof s.payload.state === 'string' ? s.payload.state : 'unknown',
      ...(typeof s.payload.detail === 'string' ? { detail: s.payload.detail } : {}),
      ...(typeof s.payload.since === 'string' ? { since: s.payload.since } : {}),
    }));
}

function mergeFacts(a: ReportFacts, b: ReportFacts): ReportFacts {
  const out = { ...a } as Record<string, unknown>;
  for (const [key, value] of Object.entries(b) as [keyof ReportFacts, unknown][]) if (Array.isArray(value)) out[key] = [...(a[key] as unknown[]), ...(value as unknown[])];
  out.keysLost = a.keysLost === null && b.keysLost === null ? null : (a.keysLost ?? 0) + (b.keysLost ?? 0);
  return out as unknown as ReportFacts;
}

function emptyFacts(range: ReportRange, asOf: number): ReportFacts {
  return collectFacts([], { timezone: 'UTC', hours: openAllWeek, services: [], counters: [] }, range, asOf);
}
