import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isRefusal, refuse } from '../kernel/refusal.js';
import { sendRefusal } from '../http/http-errors.js';
import { requireStaff, staffSessions } from '../staff/staff-sessions.js';
import type { SettingsService } from './settings-service.js';
import type { TrackFiles } from './track-files.js';
import { settingsRoutes as schemas } from './settings-schemas.js';

/** `/api/settings` (managers) and `POST /api/session/pin` (someone whose PIN was reset); see docs/api.md. */
export async function registerSettingsRoutes(http: FastifyInstance, settings: SettingsService, tracks: TrackFiles, uploadMaxBytes: number): Promise<void> {
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
  app.get('/api/settings/playlists/:playlist/tracks', { schema: schemas.tracks, preValidation: manager }, async (request, reply) => {
    const list = tracks.list(request.params.playlist);
    return isRefusal(list) ? sendRefusal(reply, list) : { tracks: list };
  });
  app.delete('/api/settings/playlists/:playlist/tracks/:file', { schema: schemas.deleteTrack, preValidation: manager }, async (request, reply) => {
    const done = tracks.remove(request.params.playlist, request.params.file);
    return isRefusal(done) ? sendRefusal(reply, done) : reply.code(204).send(null);
  });
  // The upload's raw body is the file; only this route takes application/octet-stream, up to the configured size.
  await http.register(async (scope) => {
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: uploadMaxBytes }, (_request, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/api/settings/playlists/:playlist/tracks', { schema: schemas.upload, preValidation: manager, bodyLimit: uploadMaxBytes }, async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) return sendRefusal(reply, refuse(400, 'not_audio', '请以 application/octet-stream 上传音频文件 · Send the audio file as application/octet-stream.'));
      const added = await tracks.add(request.params.playlist, request.query.name, request.body);
      return isRefusal(added) ? sendRefusal(reply, added) : reply.code(201).send({ track: added });
    });
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
