import { EventEmitter } from 'node:events';
import type { Device, DeviceState } from '../../devices/device.js';

/** Every device the service drives, by id; health, telemetry and the UI read states from here. */
export class DeviceRegistry extends EventEmitter {
  private readonly devices = new Map<string, Device>();

  add(device: Device): void {
    if (this.devices.has(device.id)) throw new Error(`device "${device.id}" registered twice`);
    this.devices.set(device.id, device);
    device.on('state', (state) => this.emit('state', device, state));
  }

  get<T extends Device = Device>(id: string): T | undefined {
    return this.devices.get(id) as T | undefined;
  }

  all(): Device[] {
    return [...this.devices.values()];
  }

  /** `{deviceId: {kind, state, detail, since}}` for health and telemetry. */
  snapshot(): Record<string, DeviceState & { kind: string }> {
    return Object.fromEntries(this.all().map((d) => [d.id, { kind: d.kind, ...d.status }]));
  }

  onState(listener: (device: Device, state: DeviceState) => void): () => void {
    this.on('state', listener);
    return () => this.off('state', listener);
  }
}
