import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Ties a subscription to an element's life: subscribes when the element is connected and calls
 * the returned unsubscribe from its disconnectedCallback (Lit calls `hostDisconnected` there), so
 * a screen that is navigated away from stops listening to live events, stores and timers.
 */
export class SubscriptionController implements ReactiveController {
  private _unsubscribe: (() => void) | null = null;

  constructor(
    private readonly _host: ReactiveControllerHost,
    private readonly _subscribe: () => () => void,
  ) {
    _host.addController(this);
  }

  hostConnected(): void {
    this._unsubscribe?.();
    this._unsubscribe = this._subscribe();
  }

  hostDisconnected(): void {
    this._unsubscribe?.();
    this._unsubscribe = null;
  }
}

/** Re-renders the host whenever one of the stores changes (locale, session, devices…). */
export function watch(host: ReactiveControllerHost, ...stores: { subscribe(cb: () => void): () => void }[]): void {
  new SubscriptionController(host, () => {
    const offs = stores.map((store) => store.subscribe(() => host.requestUpdate()));
    return () => offs.forEach((off) => off());
  });
}

/** Runs `tick` every `ms` while the host is connected. */
export function every(host: ReactiveControllerHost, ms: number, tick: () => void): void {
  new SubscriptionController(host, () => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  });
}
