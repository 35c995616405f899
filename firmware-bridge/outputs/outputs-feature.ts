import { DigitalOutput } from '../../devices/outputs/digital-output.js';
import { isPinBoard, OutputBoard, SimPinBoard, type PinBoard } from '../../devices/outputs/pin-board.js';
import type { Feature, FeatureContext } from '../runtime/feature.js';
import { registerOutputsRoutes } from './outputs-routes.js';
import { OutputsService } from './outputs-service.js';
import { OutputsStore, outputsMigrations } from './outputs-store.js';

/** What this feature asks of the keys service: the keys out now and their category. */
interface KeysLookup {
  list(filter: 'out'): { category: string }[];
}

export interface OutputsFeatureOptions {
  /** Board process restart back-off (tests shorten it). */
  restartBaseMs?: number;
  restartMaxMs?: number;
}

/**
 * Timed outputs (docs/domain.md#timed-outputs; relays on Firmata pins): the day plan by season,
 * staff overrides on /desk, "off when the last member has left". An output on the port of a johnny-five panel goes through that panel's
 * board process (one owner per serial port); elsewhere the feature runs an outputs-only board.
 * Starts after keys and ratings, whose service and panels it uses.
 */
export function outputsFeature(options: OutputsFeatureOptions = {}): Feature {
  let service: OutputsService | undefined;
  let ownBoards: (OutputBoard | SimPinBoard)[] = [];
  let outputs: DigitalOutput[] = [];
  let unsubscribe: (() => void) | undefined;
  return {
    name: 'outputs',
    migrations: outputsMigrations,
    async start(ctx: FeatureContext) {
      const log = ctx.log.child({ feature: 'outputs' });
      const switches = ctx.config.outputs.switches;
      const boards = new Map<string, PinBoard>();
      const boardFor = (port: string): PinBoard => {
        let board = boards.get(port);
        if (board) return board;
        const panel = port === 'sim' ? undefined : ctx.devices.all().find((d) => isPinBoard(d) && d.port === port);
        if (panel && isPinBoard(panel)) board = panel;
        else {
          const own =
            port === 'sim'
              ? new SimPinBoard(ctx.clock)
              : new OutputBoard(port, ctx.clock, { ...options, onProblem: (detail) => log.warn({ port, detail }, 'output board process ended; restarting') });
          ownBoards.push(own);
          board = own;
        }
        boards.set(port, board);
        return board;
      };
      const drivers = new Map<string, DigitalOutput>();
      for (const s of switches) {
        const output = new DigitalOutput({ id: `output-${s.id}`, board: boardFor(s.port), pin: s.pin, activeLow: s.activeLow, now: () => ctx.clock.now() });
        drivers.set(s.id, output);
        outputs.push(output);
        ctx.devices.add(output);
        await output.start();
      }

      const keys = ctx.services.get('keys') as KeysLookup | undefined;
      if (!keys && switches.some((s) => s.offWhenLastMemberLeft)) log.warn('no keys service: "off when the last member has left" switches off at closing');
      service = new OutputsService({
        config: ctx.config,
        clock: ctx.clock,
        store: ctx.store,
        outputsStore: new OutputsStore(ctx.db),
        drivers,
        membersIn: () => keys?.list('out').filter((k) => k.category === 'member_locker').length ?? 0,
      });
      ctx.services.set('outputs', service);
      for (const s of switches) ctx.stateTopics.provide(`output/${s.id}`, () => service!.topicPayload(s.id));
      registerOutputsRoutes(ctx.http, service);

      // A wrist key handed back may be the last one: decide again once that commit is done.
      const running = service;
      unsubscribe = ctx.store.onCommitted((events) => {
        if (events.some((e) => e.type.startsWith('key.'))) queueMicrotask(() => running.refresh());
      });
      // The plan first (the relays' state is decided before the boards come up), then the boards.
      service.start();
      for (const board of ownBoards) await board.start().catch((err) => log.error({ err, port: board.port }, 'output board failed to start'));
    },
    async stop() {
      unsubscribe?.();
      service?.stop();
      await Promise.all(outputs.map((o) => o.stop()));
      await Promise.all(ownBoards.map((b) => b.stop()));
      outputs = [];
      ownBoards = [];
    },
  };
}
