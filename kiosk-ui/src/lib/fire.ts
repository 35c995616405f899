import type { Session } from '../../../firmware-bridge/contract.js';

/** Every custom event the UI's components send, with its detail type. Add yours here. */
export interface FrontdeskEvents {
  /** staff-login → the shell: a staff member logged in. */
  'staff-logged-in': Session;
  /** any element → the shell: go to another screen. */
  navigate: { path: string };
  /** service-picker → its screen: a service was chosen. */
  'service-picked': { service: string };
}

/** Dispatches a typed, bubbling, composed (crosses shadow roots) custom event. */
export function fire<K extends keyof FrontdeskEvents>(target: EventTarget, type: K, detail: FrontdeskEvents[K]): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/** Typed listener helper for the same events: `on(el, 'staff-logged-in', (s) => …)`. */
export function on<K extends keyof FrontdeskEvents>(
  target: EventTarget,
  type: K,
  listener: (detail: FrontdeskEvents[K]) => void,
): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<FrontdeskEvents[K]>).detail);
  target.addEventListener(type, handler);
  return () => target.removeEventListener(type, handler);
}
