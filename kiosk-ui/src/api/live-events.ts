import type { EventType, StoredEvent } from '../../../firmware-bridge/contract.js';
import { serverReachable } from './connectivity.js';
import type { DeviceEvent } from './types.js';
import type { ReactiveControllerHost } from 'lit';
import { SubscriptionController } from '../lib/subscription-controller.js';

type GroupOf<T> = T extends `${infer Group}.${string}` ? Group : never;

/** One event type (`ticket.called`), a group (`ticket.*`) or everything (`*`). */
export type EventPattern = EventType | `${GroupOf<EventType>}.*` | '*';

/** The events a pattern matches, with their payload types. */
export type EventsMatching<P extends EventPattern> = P extends EventType
  ? StoredEvent<P>
  : P extends `${infer Group}.*`
    ? StoredEvent<Extract<EventType, `${Group}.${string}`>>
    : StoredEvent;

type EventListener = (event: StoredEvent) => void;
type DeviceListener = (event: DeviceEvent) => void;
type OpenListener = () => void;

/**
 * The one connection to `/api/events` (Server-Sent Events). Opened on the first subscription,
 * closed when the last one leaves. The browser retries a dropped stream by itself; when it gives
 * up (the service answered an error or went away for good) we reopen with back-off. `onOpen`
 * listeners run on every (re)connection so screens can re-read state they may have missed.
 */
class LiveEvents {
  private _source: EventSource | null = null;
  private _retryTimer: ReturnType<typeof setTimeout> | null = null;
  private _retryMs = 1000;
  private readonly _byType = new Map<string, Set<EventListener>>();
  private readonly _device = new Set<DeviceListener>();
  private readonly _open = new Set<OpenListener>();

  /** Listens to one event type (`ticket.called`), a group (`ticket.*`) or everything (`*`). */
  subscribe<P extends EventPattern>(pattern: P, listener: (event: EventsMatching<P>) => void): () => void {
    let set = this._byType.get(pattern);
    if (!set) this._byType.set(pattern, (set = new Set()));
    // _dispatch hands a listener only events its pattern matches, so the narrower parameter holds.
    const untyped = listener as EventListener;
    set.add(untyped);
    return this._track(() => set.delete(untyped));
  }

  onDevice(listener: DeviceListener): () => void {
    this._device.add(listener);
    return this._track(() => this._device.delete(listener));
  }

  onOpen(listener: OpenListener): () => void {
    this._open.add(listener);
    return this._track(() => this._open.delete(listener));
  }

  private _listenerCount(): number {
    let count = this._device.size + this._open.size;
    for (const set of this._byType.values()) count += set.size;
    return count;
  }

  private _track(remove: () => void): () => void {
    this._connect();
    return () => {
      remove();
      if (this._listenerCount() === 0) this._disconnect();
    };
  }

  private _connect(): void {
    if (this._source || this._retryTimer) return;
    const source = new EventSource('/api/events');
    this._source = source;
    source.onopen = () => {
      this._retryMs = 1000;
      serverReachable.set(true);
      for (const listener of [...this._open]) listener();
    };
    source.onmessage = (message: MessageEvent<string>) => this._dispatch(message.data);
    source.addEventListener('device', (message) => {
      const event = safeParse<DeviceEvent>((message as MessageEvent<string>).data);
      if (event) for (const listener of [...this._device]) listener(event);
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up: mark the service down and reopen later ourselves.
        serverReachable.set(false);
        this._source = null;
        source.close();
        this._retryTimer = setTimeout(() => {
          this._retryTimer = null;
          if (this._listenerCount() > 0) this._connect();
        }, this._retryMs);
        this._retryMs = Math.min(this._retryMs * 2, 15000);
      } else {
        // CONNECTING: the browser is retrying; the service is at least momentarily away.
        serverReachable.set(false);
      }
    };
  }

  private _disconnect(): void {
    this._source?.close();
    this._source = null;
    if (this._retryTimer) clearTimeout(this._retryTimer);
    this._retryTimer = null;
  }

  private _dispatch(data: string): void {
    const event = safeParse<StoredEvent>(data);
    if (!event || typeof event.type !== 'string') return;
    const dot = event.type.indexOf('.');
    const patterns = [event.type, dot > 0 ? `${event.type.slice(0, dot)}.*` : null, '*'];
    for (const pattern of patterns) {
      if (!pattern) continue;
      for (const listener of [...(this._byType.get(pattern) ?? [])]) listener(event);
    }
  }
}

function safeParse<T>(data: string): T | null {
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}

export const liveEvents = new LiveEvents();

/**
 * A screen's data, kept fresh: `load` runs when the element connects and again on every live event
 * matching one of `patterns`, until it disconnects.
 */
export function reloadOn(host: ReactiveControllerHost, patterns: readonly EventPattern[], load: () => Promise<void>): void {
  new SubscriptionController(host, () => {
    void load();
    const offs = patterns.map((pattern) => liveEvents.subscribe(pattern, () => void load()));
    return () => offs.forEach((off) => off());
  });
}
