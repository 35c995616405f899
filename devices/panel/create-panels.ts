import type { PanelConfig } from '../../config/schema/devices.js';
import type { Clock } from '../../firmware-bridge/kernel/clock.js';
import { HidPanel, nodeHidOpener } from './hid-panel.js';
import { JohnnyFivePanel } from './johnny-five-panel.js';
import type { Panel } from './panel.js';
import { VirtualPanel } from './virtual-panel.js';

export interface PanelEnvironment {
  clock: Clock;
  /** LEDs invite a rating for this long after a ticket is finished. */
  inviteMs: number;
  onProblem?: (panelId: string, detail: string) => void;
}

/** Device id of the i-th configured panel: "panel" for the first (what /api/health shows), then panel-2 … */
export function panelId(index: number): string {
  return index === 0 ? 'panel' : `panel-${index + 1}`;
}

/** One driver per configured panel. */
export function createPanels(configs: readonly PanelConfig[], env: PanelEnvironment): Panel[] {
  return configs.map((config, index) => {
    const id = panelId(index);
    switch (config.kind) {
      case 'sim':
      case 'screen':
        return new VirtualPanel(id, config.kind, env.clock);
      case 'johnny-five':
        return new JohnnyFivePanel({
          id,
          counter: config.counter,
          port: config.port,
          buttons: config.buttons,
          leds: config.leds,
          clock: env.clock,
          inviteMs: env.inviteMs,
          onProblem: (detail) => env.onProblem?.(id, detail),
        });
      case 'hid':
        return new HidPanel({ id, counter: config.counter, map: config.reports, open: nodeHidOpener(config), clock: env.clock });
    }
  });
}
