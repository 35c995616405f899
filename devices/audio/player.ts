/** The speaker seam: the arbiter talks to one Player; real (ALSA process) and simulated ones exist. */

export type SoundRole = 'music' | 'speech';

export interface PlayRequest {
  file: string;
  role: SoundRole;
  /** 0–100. */
  volume: number;
  /** Start this many seconds into the file (music resuming where it was). */
  fromSec?: number;
  /** What this is, for logs and the simulator ("A012 call", "light: track.mp3"). */
  label?: string;
}

export type PlaybackEnd = 'ended' | 'stopped' | 'failed';

/** One sound being played. The arbiter times sounds by their known duration on its clock, so a
 * player that returns at once (ALSA's null device) behaves like a real speaker. */
export interface Playback {
  /** Settles when the player process is finished with the sound. */
  readonly done: Promise<PlaybackEnd>;
  /** True once `done` has settled (read synchronously by the arbiter's clock-driven steps). */
  isDone(): boolean;
  setVolume(percent: number): void;
  pause(): void;
  resume(): void;
  stop(): void;
}

export interface Player {
  readonly name: string;
  play(request: PlayRequest): Playback;
  /** Stops everything and releases processes. */
  close(): Promise<void>;
}
