import { DeviceBase } from '../device.js';

/** The speaker as the health page and telemetry see it: ok, or degraded with the reason (no speech, no music). */
export class AudioDevice extends DeviceBase {
  private readonly problems = new Map<string, string>();

  constructor(now: () => number, private readonly playerName: string) {
    super('audio', 'audio', now);
  }

  async start(): Promise<void> {
    this.refresh();
  }

  async stop(): Promise<void> {
    this.setState('offline', 'stopped');
  }

  /** Set (or clear with null) one area's problem: "speech", "music", "player". */
  report(area: string, problem: string | null): void {
    if (problem === null) this.problems.delete(area);
    else this.problems.set(area, problem);
    this.refresh();
  }

  get speechAvailable(): boolean {
    return !this.problems.has('speech');
  }

  private refresh(): void {
    if (this.problems.size === 0) this.setState('ok', `player ${this.playerName}`);
    else this.setState('degraded', [...this.problems.entries()].map(([area, p]) => `${area}: ${p}`).join('; '));
  }
}
