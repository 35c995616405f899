import type { Feature, FeatureContext } from '../runtime/feature.js';
import { queueMigrations } from './queue-store.js';
import { QueueService } from './queue-service.js';
import { registerQueueRoutes } from './queue-routes.js';
import { registerPrinterRoutes } from './printer-routes.js';
import { createPrinter, type Printer } from '../../devices/printer/index.js';

/** The spine: tickets, counters, the printer, `GET /api/queue` and the retained `queue` topic. */
export function queueFeature(): Feature {
  let printer: Printer | null = null;
  return {
    name: 'queue',
    migrations: queueMigrations,
    async start(ctx: FeatureContext) {
      printer = createPrinter(ctx.config.devices.printer, { now: () => ctx.clock.now(), log: ctx.log.child({ device: 'printer' }) });
      ctx.devices.add(printer);
      const { host, port } = ctx.config.http;
      const baseUrl = ctx.publicBaseUrl ?? (() => `http://${host}:${port}`);
      const queue = new QueueService(ctx.config, ctx.store, ctx.clock, printer, baseUrl);
      ctx.liveConfig.onChanged((next) => queue.reconfigure(next));
      ctx.services.set('queue', queue);
      ctx.services.set('printer', printer);
      ctx.stateTopics.provide('queue', () => queue.snapshot());
      registerQueueRoutes(ctx.http, queue);
      registerPrinterRoutes(ctx.http, printer, queue);
      // Bounded by the driver (a serial port opens in the background after that): no device may
      // hold the desk's start-up or its HTTP answers hostage.
      await printer.start();
    },
    async stop() {
      await printer?.stop();
    },
  };
}
