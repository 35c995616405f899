import type { EventStore } from '../store/event-store.js';
import type { DeviceRegistry } from './device-registry.js';

/**
 * Turns device state changes into committed `device.fault` / `device.recovered` events, so a
 * fault reaches the staff screen, telemetry and the log like any other domain event.
 */
export function recordDeviceFaults(devices: DeviceRegistry, store: EventStore): () => void {
  const inFault = new Set<string>();
  return devices.onState((device, status) => {
    const bad = (status.state === 'fault' || status.state === 'offline') && !status.disabled;
    if (bad && !inFault.has(device.id) && status.detail !== 'not started' && status.detail !== 'stopped') {
      inFault.add(device.id);
      store.commit([{ type: 'device.fault', payload: { device: device.id, kind: device.kind, state: status.state, detail: status.detail } }]);
    } else if (!bad && inFault.has(device.id)) {
      inFault.delete(device.id);
      store.commit([{ type: 'device.recovered', payload: { device: device.id, kind: device.kind, state: status.state, detail: status.detail } }]);
    }
  });
}
