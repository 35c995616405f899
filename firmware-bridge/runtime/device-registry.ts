import { EventEmitter } from 'node:events';
import type { Device, DeviceState } from '../../devices/device.js';

/** How a feature's start went: a failed one names why, for health and the `status` telemetry. */
export type FeatureHealth = { state: 'running' } | { state: 'failed'; reason: string };

/**
 * Every device the service drives, by id, and how each feature's start went; health, telemetry
 * and the UI read states from here.
 */
export class DeviceRegistry extends EventEmitter {
  private readonly devices = new Map<string, Device>();
  private readonly featureHealth = new Map<string, FeatureHealth>();

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

  /** Recorded by the runtime once per feature, after its start resolved or threw. */
  setFeatureHealth(name: string, health: FeatureHealth): void {
    this.featureHealth.set(name, health);
  }

  /** `{featureName: {state, reason?}}` for health and telemetry. */
  features(): Record<string, FeatureHealth> {
    return Object.fromEntries(this.featureHealth);
  }

  /** True when every device is ok (or switched off on purpose) and every feature runs. */
  healthy(): boolean {
    const devicesOk = this.all().every((d) => d.status.state === 'ok' || d.status.disabled);
    return devicesOk && [...this.featureHealth.values()].every((f) => f.state === 'running');
  }

  onState(listener: (device: Device, state: DeviceState) => void): () => void {
    this.on('state', listener);
    return () => this.off('state', listener);
  }
}
