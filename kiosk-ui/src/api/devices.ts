import { createStore } from '../lib/store.js';
import { request } from './http.js';
import { liveEvents } from './live-events.js';
import type { DeviceStatus, Health } from './types.js';

/** Device id → its last known status, from `/api/health` and then live `device` events. */
export const deviceStates = createStore<Record<string, DeviceStatus>>({});

export async function getHealth(): Promise<Health> {
  return request<Health>('GET', '/api/health');
}

async function refresh(): Promise<void> {
  try {
    const health = await getHealth();
    deviceStates.set({ ...health.devices });
  } catch {
    /* unreachable: the connectivity overlay says so */
  }
}

/**
 * Keeps `deviceStates` current while someone watches it: reads health now and after each
 * reconnection, applies device events in between. Returns the stop function.
 */
export function followDevices(): () => void {
  void refresh();
  const offOpen = liveEvents.onOpen(() => void refresh());
  const offDevice = liveEvents.onDevice((event) => {
    deviceStates.set({ ...deviceStates.get(), [event.id]: { state: event.state, detail: event.detail, since: event.since, disabled: event.disabled } });
  });
  return () => {
    offOpen();
    offDevice();
  };
}
