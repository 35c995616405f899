import { DeviceBase } from '../../devices/device.js';
import type { DeviceStateName } from '../../devices/device.js';

/** The telemetry link as a device in the registry (id `mqtt`): ok when connected, offline and why when not. */
export class MqttDevice extends DeviceBase {
  constructor(now: () => number) {
    super('mqtt', 'mqtt', now);
  }

  report(state: DeviceStateName, detail: string): void {
    this.setState(state, detail);
  }

  /** `mqtt: off`: telemetry switched off on purpose, not a fault. */
  switchOff(detail: string): void {
    this.setDisabled(detail);
  }

  // Its lifecycle is the telemetry service's; the registry's start/stop have nothing to do.
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
