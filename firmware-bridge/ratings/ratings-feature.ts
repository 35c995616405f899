import { createPanels } from '../../devices/panel/create-panels.js';
import type { Panel, PanelPress } from '../../devices/panel/panel.js';
import type { Score } from '../kernel/score.js';
import { isRefusal } from '../kernel/refusal.js';
import { registerRatingsRoutes } from './ratings-routes.js';
import { RatingsService, type TicketLookup } from './ratings-service.js';
import type { Feature, FeatureContext } from '../runtime/feature.js';
import { RatingsStore, ratingsMigrations } from './ratings-store.js';

/**
 * Satisfaction (docs/domain.md#satisfaction): the button panels, ratings tied to finished tickets, follow-up
 * calls, today's stats and the retained `satisfaction/today` topic.
 */
export function ratingsFeature(): Feature {
  let panels: Panel[] = [];
  let unsubscribe: (() => void) | undefined;
  return {
    name: 'ratings',
    migrations: ratingsMigrations,
    async start(ctx: FeatureContext) {
      const log = ctx.log.child({ feature: 'ratings' });
      // The queue feature starts first; if it failed, ratings still take anonymous presses.
      const queue = ctx.services.get('queue') as TicketLookup | undefined;
      const service = new RatingsService(ctx.config, ctx.store, new RatingsStore(ctx.db), ctx.clock, queue);
      ctx.services.set('ratings', service);
      ctx.stateTopics.provide('satisfaction/today', () => service.satisfactionToday());

      const panelsAt = (counter: string) => panels.filter((p) => p.counter === null || p.counter === counter);
      const thank = (counter: string, score: Score) => panelsAt(counter).forEach((p) => p.thank(score));
      const onPress = (press: PanelPress) => {
        const result = service.press(press.counter, press.score, 'panel');
        if (isRefusal(result)) return log.warn({ counter: press.counter, code: result.code }, 'panel press refused');
        if (result.rating) thank(press.counter, press.score);
      };

      unsubscribe = ctx.store.onCommitted((events) => {
        for (const counter of service.learn(events)) panelsAt(counter).forEach((p) => p.invite());
      });
      registerRatingsRoutes(ctx.http, service, thank);

      panels = createPanels(ctx.config.devices.panels, {
        clock: ctx.clock,
        inviteMs: ctx.config.ratings.acceptWindowSec * 1000,
        onProblem: (panelId, detail) => log.warn({ device: panelId, detail }, 'panel board process ended; restarting'),
      });
      for (const panel of panels) {
        ctx.devices.add(panel);
        panel.on('press', onPress);
        // A panel that cannot start (unplugged) reports offline and keeps retrying; the desk runs on.
        await panel.start().catch((err) => log.error({ err, device: panel.id }, 'panel failed to start'));
      }
    },
    async stop() {
      unsubscribe?.();
      await Promise.all(panels.map((p) => p.stop()));
      panels = [];
    },
  };
}
