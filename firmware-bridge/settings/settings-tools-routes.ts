import { dirname, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import { refuse } from '../kernel/refusal.js';
import { sendRefusal } from '../http/http-errors.js';
import { requireStaff } from '../staff/staff-sessions.js';
import { previewText } from './rules/preview-text.js';
import { printerAdvice } from './rules/printer-advice.js';
import { writeFileAtomically } from './settings-file.js';
import { settingsToolRoutes as schemas } from './settings-schemas.js';

type Bilingual = { zh: string; en: string };

/** What these routes use of other features' services (ctx.services 'keys', 'audio', 'printer'). */
export interface MemberImporter {
  importMembersCsv(text: string): { added: string[]; updated: string[]; removed: string[]; unchanged: number; errors: { line: number; card?: string; message: string }[]; fatal?: boolean };
}
export interface Speaker {
  announce(category: 'manual', label: string, text: Bilingual, repeat?: number): Promise<{ outcome: string; reason?: string }>;
  onHanded(listener: (event: { label: string }) => void): () => void;
}
export interface TestPrinter {
  readonly status: { state: string; detail: string };
  printReceipt(receipt: { siteName: Bilingual; title: Bilingual; number: string; issuedAt: string; timezone: string; items: { label: string; value: string }[]; footer: Bilingual }): Promise<{ printed: true } | { printed: false; reason: string }>;
}

export interface SettingsTools {
  config: () => FrontdeskConfig;
  configFile: string;
  now: () => number;
  service: <T>(name: string) => T | undefined;
}

const notRunning = (zh: string, en: string) => refuse(503, 'not_running', `${zh}功能未启动 · The ${en} feature is not running.`);

/** The settings screen's tools: member CSV import, a spoken preview of a text, a test ticket. See docs/api.md. */
export async function registerSettingsToolRoutes(http: FastifyInstance, tools: SettingsTools, uploadMaxBytes: number): Promise<void> {
  const manager = requireStaff('manager');
  await http.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: uploadMaxBytes }, (_request, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/api/settings/members/import', { schema: schemas.importMembers, preValidation: manager, bodyLimit: uploadMaxBytes }, async (request, reply) => {
      const keys = tools.service<MemberImporter>('keys');
      if (!keys) return sendRefusal(reply, notRunning('会员卡', 'keys'));
      const summary = keys.importMembersCsv(request.body);
      const stored = tools.config().members.csv;
      // The configured file is what a restart imports: it must say what was just imported.
      if (stored && !summary.fatal) writeFileAtomically(resolve(dirname(resolve(tools.configFile)), stored), request.body);
      return { added: summary.added.length, updated: summary.updated.length, removed: summary.removed.length, unchanged: summary.unchanged, fatal: summary.fatal ?? false, errors: summary.errors };
    });
  });

  const app = http.withTypeProvider<ZodTypeProvider>();
  app.post('/api/settings/speech-preview', { schema: schemas.speechPreview, preValidation: manager }, async (request, reply) => {
    const audio = tools.service<Speaker>('audio');
    if (!audio) return sendRefusal(reply, notRunning('广播', 'audio'));
    const text = previewText(request.body.text);
    const label = `preview ${request.staff!.number} ${tools.now()}`;
    // Answer once the sound starts (or is refused): the screen then follows GET /api/audio until it ends.
    let stop = () => {};
    const started = new Promise<{ outcome: 'playing' }>((done) => {
      stop = audio.onHanded((event) => event.label === label && done({ outcome: 'playing' }));
    });
    try {
      const result = await Promise.race([audio.announce('manual', label, text, 1), started]);
      return { outcome: result.outcome as 'playing', reason: 'reason' in result ? result.reason : undefined, text };
    } finally {
      stop();
    }
  });

  app.post('/api/settings/printer/test', { schema: schemas.printerTest, preValidation: manager }, async (_request, reply) => {
    const printer = tools.service<TestPrinter>('printer');
    if (!printer) return sendRefusal(reply, notRunning('打印机', 'printer'));
    const config = tools.config();
    const device = config.devices.printer;
    const result = await printer.printReceipt({
      siteName: config.site.name,
      title: { zh: '测试票', en: 'Test ticket' },
      number: 'TEST',
      issuedAt: new Date(tools.now()).toISOString(),
      timezone: config.site.timezone,
      items: device.kind === 'serial' ? [{ label: 'port', value: device.path }, { label: 'baud', value: String(device.baud) }] : [{ label: 'printer', value: device.kind }],
      footer: { zh: '打印正常即可使用', en: 'If this is legible, the printer is ready.' },
    });
    const { state, detail } = printer.status;
    const reason = result.printed ? undefined : result.reason;
    return { printed: result.printed, reason, printer: { state, detail }, advice: printerAdvice(result.printed, state, reason ?? detail) };
  });
}
