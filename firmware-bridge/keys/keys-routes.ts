import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { CardReaderDevice } from '../../devices/card-reader/index.js';
import type { HandoutRequest } from './rules/handout-rules.js';
import type { ActingStaff } from './rules/key-types.js';
import type { Confirmation, ReconcileRequest } from './rules/reconcile-rules.js';
import { shiftReportCsv, shiftReportHtml } from './rules/shift-report-format.js';
import { isRefusal, refuse } from '../kernel/refusal.js';
import type { KeysService } from './keys-service.js';
import { requireStaff } from '../staff/staff-sessions.js';
import { sendRefusal } from '../http/http-errors.js';
import { sameValues } from '../http/common-schemas.js';
import { keysRoutes as schemas, type confirmations, type handoutBody, type reconcileBody } from './keys-schemas.js';

sameValues<Confirmation, (typeof confirmations)[number]>(true);

/** A handout body as the domain takes it: a holder given as just a name is `{name}`. */
function handoutRequest(body: z.output<typeof handoutBody>): HandoutRequest {
  return { ...body, holder: typeof body.holder === 'string' ? { name: body.holder } : body.holder };
}

function reconcileRequest(body: z.output<typeof reconcileBody>): ReconcileRequest {
  return { ...body, leftBehind: body.leftBehind.map((l) => (typeof l === 'string' ? { item: l } : l)) };
}

const staffOf = (request: { staff?: ActingStaff }): ActingStaff => request.staff!;

/** `/api/keys…` and `/api/shift/…` (docs/api.md); staff only. */
export function registerKeysRoutes(http: FastifyInstance, keys: KeysService, options: { siteName: string; reader?: CardReaderDevice | null }): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  const preValidation = requireStaff();
  app.get('/api/keys', { schema: schemas.list, preValidation }, async (request) => ({ keys: keys.list(request.query.state), ...keys.topicPayload() }));
  app.post('/api/keys/:keyId/handout', { schema: schemas.handout, preValidation }, async (request, reply) => {
    const result = keys.handout(request.params.keyId, handoutRequest(request.body), staffOf(request));
    if (isRefusal(result)) return sendRefusal(reply, result);
    return reply.code(201).send({ key: result });
  });
  app.post('/api/keys/:keyId/return', { schema: schemas.return, preValidation }, async (request, reply) => {
    const result = keys.returnKey(request.params.keyId, { card: request.body?.card }, staffOf(request));
    if (isRefusal(result)) return sendRefusal(reply, result);
    const { wrongCard, overdue, ...key } = result;
    return { key, wrongCard, overdue };
  });
  app.get('/api/keys/log', { schema: schemas.log, preValidation }, async (request) => ({
    entries: keys.keysStore.recentLog(request.query.limit, request.query.key).map((e) => ({ seq: e.seq, at: e.at, kind: e.kind, keyId: e.keyId, content: JSON.parse(e.content) as Record<string, unknown>, hash: e.hash })),
  }));
  app.post('/api/keys/log/:seq/correct', { schema: schemas.correct, preValidation }, async (request, reply) => {
    const { note, set } = request.body;
    const result = keys.correct({ entrySeq: request.params.seq, note: note ?? '', set: set ?? {} }, staffOf(request));
    if (isRefusal(result)) return sendRefusal(reply, result);
    return reply.code(201).send(result);
  });
  app.get('/api/keys/verify', { schema: schemas.verify, preValidation }, async () => keys.verifyLog());
  app.get('/api/keys/card-reader', { schema: schemas.cardReader, preValidation }, async () => {
    const reader = options.reader;
    if (!reader) return { kind: 'keyboard', state: null, last: null } as const;
    const last = reader.lastRead();
    return { kind: 'hid', state: reader.status.state, last: last && { seq: last.seq, card: last.card, at: new Date(last.at).toISOString() } } as const;
  });
  app.post('/api/shift/reconcile', { schema: schemas.reconcile, preValidation }, async (request, reply) => {
    const result = keys.reconcile(reconcileRequest(request.body), staffOf(request));
    if (isRefusal(result)) return sendRefusal(reply, result);
    return reply.code(201).send({ report: result, csv: `/api/shift/reports/${result.id}.csv`, html: `/api/shift/reports/${result.id}.html` });
  });
  app.get('/api/shift/reports', { schema: schemas.reports, preValidation }, async () => ({ reports: keys.keysStore.reports() }));
  app.get('/api/shift/reports/:file', { schema: schemas.report, preValidation }, async (request, reply) => {
    const m = /^([0-9a-f-]{36})(?:\.(csv|html|json))?$/.exec(request.params.file);
    const report = m ? keys.report(m[1]) : undefined;
    if (!m || !report) return sendRefusal(reply, refuse(404, 'report_not_found', '没有这份交接记录 · No such shift report'));
    const day = report.at.slice(0, 10);
    // CSV and HTML are text: fastify sends a string with its own content type as is, not through the JSON serializer.
    if (m[2] === 'csv')
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="shift-${day}-${report.id.slice(0, 8)}.csv"`)
        .send(shiftReportCsv(report));
    if (m[2] === 'html') return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(shiftReportHtml(report, options.siteName));
    return { report };
  });
}
