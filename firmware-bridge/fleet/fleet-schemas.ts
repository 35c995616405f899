import { z } from 'zod';
import { isoTime, refusals, text } from '../http/common-schemas.js';
import { alert, figures } from '../reports/reports-schemas.js';

// The central (fleet) HTTP API: managers read every site they are scoped to. Zod only — the
// dashboard imports the inferred types through ../contract.ts.

export const siteId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/);

export const centralLoginBody = z.object({ user: text(64), password: text(200) });
export const centralSession = z.object({
  token: z.string().describe('send as `Authorization: Bearer <token>` (or `?token=` on /api/events)'),
  user: z.string(),
  sites: z.array(z.string()).describe('the sites this account may see; ["*"] = all'),
  expiresAt: isoTime,
});

export const deviceFault = z.object({ device: z.string(), kind: z.string(), state: z.string(), detail: z.string().optional(), since: isoTime.optional() });

/** One site at a glance, from its retained state and today's events. */
export const siteSummary = z.object({
  site: z.string(),
  timezone: z.string().describe('the site\'s IANA zone (central.sites / central.defaults): the dashboard shows its times in it'),
  online: z.boolean().describe('from the retained `…/status` (the Last Will says offline)'),
  since: isoTime.nullable().describe('when the site went online/offline as last seen'),
  lastSeen: isoTime.nullable().describe('the last message of any kind from the site'),
  waiting: z.number().int().describe('tickets waiting now, all services'),
  longestWaitSec: z.number().int().describe('the oldest waiting ticket, seconds'),
  serviceLevelToday: z.number().nullable().describe('share of today\'s tickets first called within target (site\'s local day)'),
  satisfactionRateToday: z.number().nullable().describe('satisfied ÷ ratings today'),
  followUpsOpen: z.number().int(),
  followUpsOverdue: z.number().int(),
  keysOut: z.number().int(),
  keysOverdue: z.number().int(),
  faults: z.array(deviceFault).describe('devices not ok'),
  alerts: z.array(alert).describe('the latest alerts of the site, newest first (at most 10)'),
  seqGaps: z.number().int().describe('missing event seq ranges not yet filled'),
  eventsToday: z.number().int(),
});

export const seqGap = z.object({ fromSeq: z.number().int(), toSeq: z.number().int(), detectedAt: isoTime, filledAt: isoTime.nullable() });

export const siteDetail = siteSummary.extend({
  status: z.record(z.string(), z.unknown()).nullable().describe('the retained `…/status` as published'),
  queue: z.record(z.string(), z.unknown()).nullable().describe('the retained `…/queue`'),
  satisfaction: z.record(z.string(), z.unknown()).nullable().describe('the retained `…/satisfaction/today`'),
  keys: z.record(z.string(), z.unknown()).nullable(),
  devices: z.array(deviceFault.extend({ state: z.string() })),
  gaps: z.array(seqGap).describe('newest first'),
  lastSeq: z.number().int().nullable(),
  recentEvents: z.array(z.object({ id: z.string(), seq: z.number().int(), type: z.string(), at: isoTime })).describe('newest first, at most 50'),
});

export const fleetReportQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('first date, YYYY-MM-DD (each site\'s local day)'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('last date, YYYY-MM-DD (at most 400 days after from)'),
  site: siteId.optional().describe('one site only'),
  format: z.enum(['json', 'csv']).default('json'),
});

export const siteRanking = figures.extend({ site: z.string(), rank: z.number().int().describe('1 = best service level (then satisfaction)') });

export const fleetReport = figures.extend({
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  sites: z.array(siteRanking).describe('per site, ranked'),
});

/** A message of `GET /api/events` (SSE): `event: site` carries a fresh SiteSummary. */
export const siteUpdate = z.object({ site: siteSummary });

// The OpenAPI document's bearer scheme (named staff in http/contract-info.ts): here a manager's token.
const managerOnly = { security: [{ staff: [] }] };
const managerRefusals = refusals(401, 403);

export const fleetRoutes = {
  login: { summary: 'Log a manager in', body: centralLoginBody, response: { 200: centralSession, ...refusals(400, 401, 429) } },
  sites: { summary: 'Every site of the caller at a glance', ...managerOnly, response: { 200: z.object({ sites: z.array(siteSummary) }), ...managerRefusals } },
  site: { summary: 'One site in detail (403 when not the caller\'s)', params: z.object({ site: siteId }), ...managerOnly, response: { 200: siteDetail, ...managerRefusals, ...refusals(404) } },
  reports: {
    summary: 'KPIs over the caller\'s sites for a date range, sites ranked: JSON, or CSV with format=csv',
    querystring: fleetReportQuery,
    ...managerOnly,
    response: { 200: z.union([fleetReport, z.string().describe('CSV: header, total row, one row per site')]), ...refusals(400), ...managerRefusals },
  },
  events: { summary: 'Live updates (SSE): `event: site` with `{site: SiteSummary}` whenever a site changes', ...managerOnly, response: { ...managerRefusals } },
};
