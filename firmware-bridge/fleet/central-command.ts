import { parseArgs } from 'node:util';
import { ConfigError, loadCentralConfig } from '../../config/load-config.js';
import { createLogger } from '../runtime/logger.js';

/**
 * `frontdesk central [--config FILE] [--worker N] [--port P]`: one central worker (HTTP on
 * `central.http.port + N - 1` unless --port). Run several
 * (each its own --worker number, so each keeps its own persistent MQTT session) to split the events.
 */
export async function runCentralCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string' }, worker: { type: 'string' }, port: { type: 'string' } }, strict: true });
  const file = values.config ?? process.env.FRONTDESK_CENTRAL_CONFIG ?? 'config/central.yaml';
  const worker = Number(values.worker ?? process.env.FRONTDESK_CENTRAL_WORKER ?? 1);
  if (!Number.isInteger(worker) || worker < 1) {
    console.error('frontdesk central: --worker must be a whole number ≥ 1');
    return 2;
  }
  let loaded;
  try {
    loaded = loadCentralConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      console.error('frontdesk central: refusing to start with an invalid config');
      return 2;
    }
    throw err;
  }
  const log = createLogger().child({ worker });
  const { startCentral } = await import('./central-app.js');
  let central;
  try {
    // Worker N listens on http.port + N - 1, so several workers share one host without more config.
    const httpPort = values.port === undefined ? loaded.config.http.port + worker - 1 : Number(values.port);
    central = await startCentral(loaded, { worker, log, httpPort });
  } catch (err) {
    console.error(`frontdesk central: cannot start: ${(err as Error).message}`);
    return 1;
  }
  console.log(`frontdesk central: worker ${worker} ready at ${central.url}`);
  await new Promise<void>((resolveStop) => {
    const stop = (signal: string) => {
      console.log(`frontdesk central: ${signal}, shutting down`);
      void central.close().then(resolveStop, (err: unknown) => {
        console.error('frontdesk central: shutdown error', err);
        resolveStop();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
