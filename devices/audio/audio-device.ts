import { DeviceBase } from '../device.js';

/**
 * The speaker as the health page and telemetry see it: ok; degraded with the reason (no speech, no
 * music files); or fault when the player itself fails (its process crashed or cannot start).
 */
export class AudioDevice extends DeviceBase {
  private readonly problems = new Map<string, { problem: string; severity: 'degraded' | 'fault' }>();

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
  report(area: string, problem: string | null, severity: 'degraded' | 'fault' = 'degraded'): void {
    if (problem === null) this.problems.delete(area);
    else this.problems.set(area, { problem, severity });
    this.refresh();
  }

  get speechAvailable(): boolean {
    return !this.problems.has('speech');
  }

  private refresh(): void {
    if (this.problems.size === 0) return this.setState('ok', `player ${this.playerName}`);
    const problems = [...this.problems.entries()];
    const detail = problems.map(([area, p]) => `${area}: ${p.problem}`).join('; ');
    this.setState(problems.some(([, p]) => p.severity === 'fault') ? 'fault' : 'degraded', detail);
  }
}
