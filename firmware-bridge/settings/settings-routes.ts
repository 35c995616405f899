import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isRefusal, refuse } from '../kernel/refusal.js';
import { sendRefusal } from '../http/http-errors.js';
import { requireStaff, staffSessions } from '../staff/staff-sessions.js';
import type { SettingsService } from './settings-service.js';
import { settingsRoutes as schemas } from './settings-schemas.js';

/** `/api/settings` (managers) and `POST /api/session/pin` (someone whose PIN was reset); see docs/api.md. */
export function registerSettingsRoutes(http: FastifyInstance, settings: SettingsService): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  const manager = requireStaff('manager');
  app.get('/api/settings', { schema: schemas.read, preValidation: manager }, async () => settings.view());
  app.put('/api/settings', { schema: schemas.save, preValidation: manager }, async (request, reply) => {
    const result = settings.save(request.staff!.number, request.body.version, request.body.config);
    return isRefusal(result) ? sendRefusal(reply, result) : result;
  });
  app.get('/api/settings/history', { schema: schemas.history, preValidation: manager }, async () => ({ versions: settings.history() }));
  app.post('/api/settings/rollback', { schema: schemas.rollback, preValidation: manager }, async (request, reply) => {
    const result = settings.rollback(request.staff!.number, request.body.version);
    return isRefusal(result) ? sendRefusal(reply, result) : result;
  });
  app.post('/api/session/pin', { schema: schemas.choosePin }, async (request, reply) => {
    const { staff, pin } = request.body;
    if (!staffSessions().needsNewPin(staff)) return sendRefusal(reply, refuse(409, 'pin_not_reset', '此工号不需要设置新密码 · This staff number has no PIN to choose (it was not reset).'));
    const result = settings.choosePin(staff, pin);
    if (isRefusal(result)) return sendRefusal(reply, result);
    const session = staffSessions().loginWithChosenPin(staff);
    if (!session) return sendRefusal(reply, refuse(409, 'pin_not_reset', '此工号不需要设置新密码 · This staff number has no PIN to choose (it was not reset).'));
    return session;
  });
}
