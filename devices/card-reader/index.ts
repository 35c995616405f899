import type { HidCardReaderConfig } from '../../config/schema/keys.js';
import type { Clock } from '../../firmware-bridge/kernel/clock.js';
import { HidCardReader, type CardReaderDevice } from './card-reader.js';
import { nodeHidOpener, type HidOpener } from '../hid-connection.js';

export type { CardRead, CardReaderDevice } from './card-reader.js';

/** What the reader writes to the service's log (the service's logger is one). */
export interface CardReaderLog {
  info(obj: object, msg?: string): void;
}

/** The configured HID card reader; `open` is the seam tests use instead of node-hid. */
export function createCardReader(config: HidCardReaderConfig, deps: { clock: Clock; log: CardReaderLog; open?: HidOpener }): CardReaderDevice {
  const reader = new HidCardReader(config, deps.open ?? nodeHidOpener(config), deps.clock);
  reader.on('state', (s) => deps.log.info({ state: s.state, detail: s.detail }, 'card reader state'));
  return reader;
}
