import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CardReaderDevice } from '../../devices/card-reader/index.js';
import type { CorrectionRequest } from './rules/correction-rules.js';
import type { HandoutRequest } from './rules/handout-rules.js';
import type { ActingStaff } from './rules/key-types.js';
import { confirmations, type ReconcileRequest } from './rules/reconcile-rules.js';
import { shiftReportCsv, shiftReportHtml } from './rules/shift-report-format.js';
import { isRefusal, refuse, type Refusal } from '../kernel/refusal.js';
import type { KeysService } from './keys-service.js';
import { requireStaff } from '../staff/staff-sessions.js';
import { badRequest, sendRefusal } from '../http/http-errors.js';

/** Refusal with extra fields (e.g. the unexplained keys), still in the contract's error shape. */
function sendDetailed(reply: FastifyReply, refusal: Refusal & { details?: object }): FastifyReply {
  return reply.code(refusal.status).send({ error: { code: refusal.code, message: refusal.message, ...(refusal.details ?? {}) } });
}

type Shape<T> = T | Refusal;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optString(obj: Record<string, unknown>, name: string, max: number, where = ''): Shape<string | undefined> {
  const v = obj[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return badRequest(`"${where}${name}" must be a string.`, 'invalid_field');
  if (v.length > max) return badRequest(`"${where}${name}" is longer than ${max} characters.`, 'invalid_field');
  return v;
}

/** Body of a handout: `{card}` or `{holder}` (an object, or just a name), `reason`, `approver`. */
export function parseHandoutBody(body: unknown): Shape<HandoutRequest> {
  if (!isObject(body)) return badRequest('The request body must be a JSON object with "card" or "holder".');
  const card = optString(body, 'card', 64);
  if (isRefusal(card)) return card;
  const reason = optString(body, 'reason', 200);
  if (isRefusal(reason)) return reason;
  const req: HandoutRequest = { card, reason };
  if (typeof body.holder === 'string') req.holder = { name: body.holder.slice(0, 80) };
  else if (isObject(body.holder)) {
    const h = body.holder;
    const fields: Record<string, string | undefined> = {};
    for (const [name, max] of [['name', 80], ['contact', 80], ['staff', 6], ['signature', 80]] as const) {
      const v = optString(h, name, max, 'holder.');
      if (isRefusal(v)) return v;
      fields[name] = v;
    }
    if (h.identityChecked !== undefined && typeof h.identityChecked !== 'boolean') return badRequest('"holder.identityChecked" must be true or false.', 'invalid_field');
    req.holder = { ...fields, identityChecked: h.identityChecked as boolean | undefined };
  } else if (body.holder !== undefined && body.holder !== null) return badRequest('"holder" must be an object or a name.', 'invalid_field');
  if (isObject(body.approver)) {
    const staff = optString(body.approver, 'staff', 6, 'approver.');
    if (isRefusal(staff)) return staff;
    const pin = optString(body.approver, 'pin', 32, 'approver.');
    if (isRefusal(pin)) return pin;
    req.approver = { staff, pin };
  } else if (body.approver !== undefined && body.approver !== null) return badRequest('"approver" must be {staff, pin}.', 'invalid_field');
  if (!req.card?.trim() && !req.holder) return badRequest('Give "card" (member card) or "holder". 请刷卡或登记借用人。', 'card_or_holder_required');
  return req;
}

export function parseReconcileBody(body: unknown): Shape<ReconcileRequest> {
  if (!isObject(body)) return badRequest('The request body must be a JSON object {items, leftBehind, handoverNote}.');
  const items = body.items ?? [];
  if (!Array.isArray(items) || items.length > 5000) return badRequest('"items" must be a list of {keyId, status, reason}.', 'invalid_field');
  const parsedItems: ReconcileRequest['items'] = [];
  for (const [i, item] of items.entries()) {
    if (!isObject(item) || typeof item.keyId !== 'string') return badRequest(`items[${i}] must be {keyId, status, reason}.`, 'invalid_field');
    if (!(confirmations as readonly unknown[]).includes(item.status)) return badRequest(`items[${i}].status must be one of ${confirmations.join(', ')}.`, 'invalid_field');
    const reason = optString(item, 'reason', 200, `items[${i}].`);
    if (isRefusal(reason)) return reason;
    parsedItems.push({ keyId: item.keyId, status: item.status as ReconcileRequest['items'][number]['status'], reason });
  }
  const leftBehind = body.leftBehind ?? [];
  if (!Array.isArray(leftBehind) || leftBehind.length > 200) return badRequest('"leftBehind" must be a list of items.', 'invalid_field');
  const parsedLeft: ReconcileRequest['leftBehind'] = [];
  for (const [i, l] of leftBehind.entries()) {
    if (typeof l === 'string') {
      parsedLeft.push({ item: l.slice(0, 200) });
      continue;
    }
    if (!isObject(l) || typeof l.item !== 'string') return badRequest(`leftBehind[${i}] must be {item, where, note} or text.`, 'invalid_field');
    const where = optString(l, 'where', 200, `leftBehind[${i}].`);
    if (isRefusal(where)) return where;
    const note = optString(l, 'note', 500, `leftBehind[${i}].`);
    if (isRefusal(note)) return note;
    parsedLeft.push({ item: l.item.slice(0, 200), where, note });
  }
  const handoverNote = optString(body, 'handoverNote', 4000);
  if (isRefusal(handoverNote)) return handoverNote;
  return { items: parsedItems, leftBehind: parsedLeft, handoverNote: handoverNote ?? '' };
}

const staffOf = (request: { staff?: ActingStaff }): ActingStaff => request.staff!;

/** `/api/keys…` and `/api/shift/…` (docs/api.md); staff only. */
export function registerKeysRoutes(app: FastifyInstance, keys: KeysService, options: { siteName: string; reader?: CardReaderDevice | null }): void {
  const staffOnly = { preHandler: requireStaff() };

  app.get<{ Querystring: { state?: string } }>('/api/keys', staffOnly, async (request, reply) => {
    const state = request.query.state ?? 'all';
    if (state !== 'out' && state !== 'in' && state !== 'all') return sendRefusal(reply, badRequest('"state" must be out, in or all.', 'invalid_field'));
    const list = keys.list(state);
    return { keys: list, ...keys.topicPayload() };
  });

  app.post<{ Params: { keyId: string } }>('/api/keys/:keyId/handout', staffOnly, async (request, reply) => {
    const req = parseHandoutBody(request.body);
    if (isRefusal(req)) return sendRefusal(reply, req);
    const result = keys.handout(request.params.keyId, req, staffOf(request));
    if (isRefusal(result)) return sendDetailed(reply, result);
    return reply.code(201).send({ key: result });
  });

  app.post<{ Params: { keyId: string } }>('/api/keys/:keyId/return', staffOnly, async (request, reply) => {
    const body = request.body ?? {};
    if (!isObject(body)) return sendRefusal(reply, badRequest('The request body must be a JSON object.'));
    const card = optString(body, 'card', 64);
    if (isRefusal(card)) return sendRefusal(reply, card);
    const result = keys.returnKey(request.params.keyId, { card }, staffOf(request));
    if (isRefusal(result)) return sendRefusal(reply, result);
    const { wrongCard, overdue, ...key } = result;
    return { key, wrongCard, overdue };
  });

  app.get<{ Querystring: { limit?: string; key?: string } }>('/api/keys/log', staffOnly, async (request) => {
    const limit = Math.min(Math.max(Number(request.query.limit) || 100, 1), 1000);
    return { entries: keys.keysStore.recentLog(limit, request.query.key).map((e) => ({ seq: e.seq, at: e.at, kind: e.kind, keyId: e.keyId, content: JSON.parse(e.content), hash: e.hash })) };
  });

  app.post<{ Params: { seq: string } }>('/api/keys/log/:seq/correct', staffOnly, async (request, reply) => {
    const seq = Number(request.params.seq);
    if (!Number.isInteger(seq) || seq < 1) return sendRefusal(reply, badRequest('The entry number must be a positive integer.', 'invalid_field'));
    const body = request.body;
    if (!isObject(body)) return sendRefusal(reply, badRequest('The request body must be {note, set}.'));
    const note = optString(body, 'note', 500);
    if (isRefusal(note)) return sendRefusal(reply, note);
    const set: CorrectionRequest['set'] = {};
    if (isObject(body.set)) {
      for (const name of ['holderName', 'contact', 'reason'] as const) {
        const v = optString(body.set, name, 200, 'set.');
        if (isRefusal(v)) return sendRefusal(reply, v);
        if (v !== undefined) set[name] = v;
      }
    }
    const result = keys.correct({ entrySeq: seq, note: note ?? '', set }, staffOf(request));
    if (isRefusal(result)) return sendRefusal(reply, result);
    return reply.code(201).send(result);
  });

  app.get('/api/keys/verify', staffOnly, async () => keys.verifyLog());

  app.get('/api/keys/card-reader', staffOnly, async () => {
    const reader = options.reader;
    if (!reader) return { kind: 'keyboard', state: null, last: null };
    const last = reader.lastRead();
    return { kind: 'hid', state: reader.status.state, last: last && { seq: last.seq, card: last.card, at: new Date(last.at).toISOString() } };
  });

  app.post('/api/shift/reconcile', staffOnly, async (request, reply) => {
    const req = parseReconcileBody(request.body);
    if (isRefusal(req)) return sendRefusal(reply, req);
    const result = keys.reconcile(req, staffOf(request));
    if (isRefusal(result)) return sendDetailed(reply, result);
    return reply.code(201).send({ report: result, csv: `/api/shift/reports/${result.id}.csv`, html: `/api/shift/reports/${result.id}.html` });
  });

  app.get('/api/shift/reports', staffOnly, async () => ({ reports: keys.keysStore.reports() }));

  app.get<{ Params: { file: string } }>('/api/shift/reports/:file', staffOnly, async (request, reply) => {
    const m = /^([0-9a-f-]{36})(?:\.(csv|html|json))?$/.exec(request.params.file);
    const report = m ? keys.report(m[1]) : undefined;
    if (!m || !report) return sendRefusal(reply, refuse(404, 'report_not_found', '没有这份交接记录 / No such shift report'));
    const day = report.at.slice(0, 10);
    if (m[2] === 'csv')
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="shift-${day}-${report.id.slice(0, 8)}.csv"`)
        .send(shiftReportCsv(report));
    if (m[2] === 'html') return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(shiftReportHtml(report, options.siteName));
    return { report };
  });
}
