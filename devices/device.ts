import { EventEmitter } from 'node:events';

/** The four states every device reports (docs/architecture.md#device-drivers-and-their-health, MQTT `…/device/{deviceId}`). */
export type DeviceStateName = 'ok' | 'degraded' | 'fault' | 'offline';

export interface DeviceState {
  state: DeviceStateName;
  /** Human-readable reason, e.g. "paper near end" or "port /dev/ttyUSB0 closed". */
  detail: string;
  /** ISO time the device entered this state. */
  since: string;
  /** Switched off on purpose by config (e.g. `mqtt: off`): shown, but not a fault of the desk. */
  disabled?: boolean;
}

export type DeviceKind = 'printer' | 'panel' | 'audio' | 'card-reader' | 'mqtt' | 'output';

/** Every driver is one of these: it reports its state and emits 'state' when it changes. */
export interface Device {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly status: DeviceState;
  start(): Promise<void>;
  stop(): Promise<void>;
  on(event: 'state', listener: (status: DeviceState) => void): this;
  off(event: 'state', listener: (status: DeviceState) => void): this;
}

/** Shared state bookkeeping for drivers: emits 'state' only on a real change. */
export abstract class DeviceBase extends EventEmitter implements Device {
  private current: DeviceState;

  protected constructor(
    readonly id: string,
    readonly kind: DeviceKind,
    protected readonly now: () => number,
  ) {
    super();
    this.current = { state: 'offline', detail: 'not started', since: new Date(now()).toISOString() };
  }

  get status(): DeviceState {
    return this.current;
  }

  protected setState(state: DeviceStateName, detail: string): void {
    if (this.current.state === state && this.current.detail === detail && !this.current.disabled) return;
    this.current = { state, detail, since: new Date(this.now()).toISOString() };
    this.emit('state', this.current);
  }

  /** Marks the device as switched off by config; health and fault events leave it out. */
  protected setDisabled(detail: string): void {
    this.current = { state: 'offline', detail, since: new Date(this.now()).toISOString(), disabled: true };
    this.emit('state', this.current);
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
}
