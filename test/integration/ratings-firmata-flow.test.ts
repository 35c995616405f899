import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { ratingsFeature } from '../../firmware-bridge/ratings/ratings-feature.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { followUpDueAt, withinCallHours } from '../../firmware-bridge/ratings/rules/follow-up-due.js';
import { FirmataBoard } from '../fixtures/firmata-board.js';
import { requestJson } from '../fixtures/http.js';
import { waitFor } from '../fixtures/wait.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/** The "done when": a press on a Firmata-speaking Arduino after a finished ticket. */
const flow = suite<{ board: FirmataBoard; app: RunningApp; loaded: ReturnType<typeof testLoadedConfig>; token: string }>('ratings: Arduino panel press → ticket, stats, follow-up');

flow.before(async (ctx) => {
  ctx.board = await FirmataBoard.plugged();
  ctx.loaded = testLoadedConfig({
    devices: { printer: 'sim', panels: [{ kind: 'johnny-five', port: ctx.board.path, counter: '1', buttons: { satisfied: 2, average: 3, unsatisfied: 4 }, leds: { satisfied: 9, average: 10, unsatisfied: 11 } }] },
  });
  ctx.app = await startApp(ctx.loaded, { log: silentLogger, features: [queueFeature(), ratingsFeature()] });
  await waitFor(() => ctx.app.devices.get('panel')?.status.state === 'ok', 'the Arduino panel to come up');
  ctx.token = (await call(ctx.app, 'POST', '/api/session', { staff: '001', pin: '1234' })).body.token;
});

flow.after(async (ctx) => {
  await ctx.app?.close();
  await ctx.board?.close();
  ctx.loaded?.cleanup();
});

const call = (app: RunningApp, method: string, path: string, body?: unknown, token?: string) => requestJson(app.url + path, method, body, token);

flow('health shows the panel; finishing a ticket lights the panel; an unsatisfied press rates it and opens a follow-up', async ({ app, board, token }) => {
  assert.is((await call(app, 'GET', '/api/health')).body.devices.panel.state, 'ok');
  const issued = await call(app, 'POST', '/api/tickets', { service: 'transaction', phone: '13900139000' });
  const ticket = issued.body.ticket;
  await call(app, 'POST', '/api/counters/1/next', {}, token);
  await call(app, 'POST', '/api/counters/1/finish', {}, token);
  await waitFor(() => [9, 10, 11].every((pin) => board.responder.output(pin) > 0), 'the LEDs to invite a rating');

  board.responder.press(4); // 不满意
  let rating: { ticket: { id: string; number: string }; staff: string; score: string; at: string } | null = null;
  await waitFor(async () => (rating = (await call(app, 'GET', `/api/tickets/${ticket.id}/rating`)).body.rating) !== null, 'the rating to be recorded');
  board.responder.release(4);
  assert.equal([rating!.ticket.id, rating!.staff, rating!.score], [ticket.id, '001', 'unsatisfied']);
  await waitFor(() => board.responder.output(11) > 0 && board.responder.output(9) === 0, 'the thank-you LED');

  const stats = (await call(app, 'GET', '/api/stats/today', undefined, token)).body;
  assert.equal([stats.totals.unsatisfied, stats.totals.total, stats.totals.rate, stats.totals.followUpsOpen], [1, 1, 0, 1]);
  assert.equal(stats.byStaff.map((l: { staff: string; unsatisfied: number }) => [l.staff, l.unsatisfied]), [['001', 1]]);

  const list = (await call(app, 'GET', '/api/followups?state=open', undefined, token)).body.followUps;
  assert.is(list.length, 1);
  assert.is(list[0].ticket.id, ticket.id);
  const dueAt = Date.parse(list[0].dueAt);
  const { followUp } = app.context.config.ratings;
  assert.is(dueAt, followUpDueAt(Date.parse(list[0].openedAt), followUp, app.context.config.site.timezone));
  assert.ok(withinCallHours(dueAt, followUp, app.context.config.site.timezone));

  // Telemetry sees it: the events (for `…/event/{type}`) and the retained satisfaction topic.
  const types = app.store.readAfter(0, 1000).map((e) => e.type);
  assert.ok(types.includes('rating.recorded') && types.includes('followup.opened'));
  const topic = app.context.stateTopics.read('satisfaction/today') as { unsatisfied: number; followUpsOpen: number };
  assert.equal([topic.unsatisfied, topic.followUpsOpen], [1, 1]);
});

flow.run();
