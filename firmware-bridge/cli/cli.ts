import { parseArgs } from 'node:util';
import { ConfigError, isCentralFile, loadCentralConfig, loadConfig } from '../../config/load-config.js';

const DEFAULT_CONFIG = 'config/default.yaml';

const usage = `frontdesk — front-desk controller

  frontdesk serve [--config FILE]            run the service (npm start)
  frontdesk check-config FILE                validate a config, a desk's or central's (exit 2 with file: key.path: message lines)
  frontdesk central [--config FILE] [--worker N]   run a central (fleet) worker: MQTT → PostgreSQL, manager API
  frontdesk schedule [--date D] [--config FILE] [--json]   the day's audio plan
  frontdesk verify-log [--config FILE]       prove the key log's hash chain
  frontdesk import-members CSV [--config FILE]   import member cards, report what changed
  frontdesk report --from D --to D [--by service|counter|staff|day|hour] [--json|--csv]   KPIs of a date range
  frontdesk hash-pin PIN                     a staff PIN hash for config staff[].pinHash
  frontdesk backup [--to DIR] [--keep N]     a consistent copy of the database, config and data files
  frontdesk restore BACKUP_DIR [--keep-config]   put a backup back (only while the service is stopped)
  frontdesk upgrade-check                    before an upgrade: refuse migrations the running release cannot use
  frontdesk bench [--json]                   run the benchmarks`;

/** Each command is loaded on demand, so `check-config` does not pay for the whole service. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'check-config':
      return checkConfig(rest);
    case 'central':
      return (await import('../fleet/central-command.js')).runCentralCommand(rest);
    case 'schedule':
      return (await import('../audio/schedule-command.js')).runScheduleCommand(rest);
    case 'verify-log':
      return (await import('../keys/keys-commands.js')).runVerifyLogCommand(rest);
    case 'import-members':
      return (await import('../keys/keys-commands.js')).runImportMembersCommand(rest);
    case 'report':
      return (await import('../reports/reports-command.js')).runReportCommand(rest);
    case 'backup':
      return (await import('../backup/backup-commands.js')).runBackupCommand(rest);
    case 'restore':
      return (await import('../backup/backup-commands.js')).runRestoreCommand(rest);
    case 'upgrade-check':
      return (await import('../backup/backup-commands.js')).runUpgradeCheckCommand(rest);
    case 'hash-pin': {
      if (!rest[0]) {
        console.error('usage: frontdesk hash-pin PIN');
        return 2;
      }
      console.log((await import('../staff/pin-hash.js')).hashPin(rest[0]));
      return 0;
    }
    case 'bench': {
      // Benchmarks live with the tests (they drive fixtures) and always run from source.
      const bench = new URL('../../test/bench/run-bench.ts', import.meta.url.replace('/build/', '/'));
      const { runBenchCommand } = (await import(bench.href)) as { runBenchCommand: (args: string[]) => Promise<number> };
      return runBenchCommand(rest);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return command === undefined ? 2 : 0;
    default:
      console.error(`unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

function checkConfig(args: string[]): number {
  const file = args[0];
  if (!file) {
    console.error('usage: frontdesk check-config FILE');
    return 2;
  }
  try {
    if (isCentralFile(file)) loadCentralConfig(file);
    else loadConfig(file);
    console.log(`${file}: ok`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
}

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string' } }, strict: true });
  const file = values.config ?? process.env.FRONTDESK_CONFIG ?? DEFAULT_CONFIG;
  let loaded;
  try {
    loaded = loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      console.error('frontdesk: refusing to start with an invalid config');
      return 2;
    }
    throw err;
  }
  const { StartupError } = await import('../runtime/app.js');
  const { startDesk } = await import('../desk.js');
  let app;
  try {
    app = await startDesk(loaded);
  } catch (err) {
    if (err instanceof StartupError) {
      console.error(`${file}: ${err.message}`);
      return err.exitCode;
    }
    throw err;
  }
  console.log(`frontdesk: ready at ${app.url} (kiosk ${app.url}/kiosk, counter ${app.url}/counter, board ${app.url}/board)`);
  await new Promise<void>((resolveStop) => {
    const stop = (signal: string) => {
      console.log(`frontdesk: ${signal}, shutting down`);
      void app.close().then(resolveStop, (err) => {
        console.error('frontdesk: shutdown error', err);
        resolveStop();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // The service has closed everything; a stray handle must not keep a stopped desk half-alive.
    if (process.argv[2] === 'serve') setTimeout(() => process.exit(code), 2000).unref();
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
