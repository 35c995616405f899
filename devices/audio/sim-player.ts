import type { Clock } from '../../firmware-bridge/kernel/clock.js';
import type { Playback, PlayRequest, Player } from './player.js';

/** One thing the simulated speaker did. */
export type SimRecord =
  | ({ at: number; action: 'play' } & PlayRequest)
  | { at: number; action: 'volume'; file: string; volume: number }
  | { at: number; action: 'pause' | 'resume' | 'stop'; file: string };

/** Records what would be heard (demos, tests); every sound "finishes" at once — the arbiter keeps time. */
export class SimPlayer implements Player {
  readonly name = 'sim';
  readonly records: SimRecord[] = [];

  constructor(private readonly clock: Clock) {}

  play(request: PlayRequest): Playback {
    const { clock, records } = this;
    records.push({ at: clock.now(), action: 'play', ...request });
    const file = request.file;
    return {
      done: Promise.resolve('ended'),
      isDone: () => true,
      setVolume: (volume) => void records.push({ at: clock.now(), action: 'volume', file, volume }),
      pause: () => void records.push({ at: clock.now(), action: 'pause', file }),
      resume: () => void records.push({ at: clock.now(), action: 'resume', file }),
      stop: () => void records.push({ at: clock.now(), action: 'stop', file }),
    };
  }

  async close(): Promise<void> {}
}
