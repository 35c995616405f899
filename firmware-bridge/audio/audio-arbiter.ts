import { EventEmitter } from 'node:events';
import type { Clock, ClockTimer } from '../kernel/clock.js';
import type { PlannedSound } from './rules/plan-cursor.js';
import type { Playback, Player, SoundRole } from '../../devices/audio/player.js';
import { TrackShuffle } from './rules/track-shuffle.js';

/** Who wants the speaker, highest first: queue calls > staff announcements > scheduled ones > music. */
export type SpeechCategory = 'emergency' | 'queue_call' | 'manual' | 'scheduled';
const priority: Record<SpeechCategory, number> = { emergency: 4, queue_call: 3, manual: 2, scheduled: 1 };

export interface SpeechSegment {
  file: string;
  durationSec: number;
}

export interface SpeechJob {
  category: SpeechCategory;
  /** For logs and events: "A012 → 3", "class 19:00 #1". */
  label: string;
  text: string;
  segments: SpeechSegment[];
  /** Still waiting after this instant → dropped, never said late (clock jumps, long queues). */
  notAfter?: number;
}

export type SpeechOutcome =
  | { outcome: 'played'; startedAt: number; endedAt: number }
  | { outcome: 'refused'; reason: 'quiet_hours' }
  | { outcome: 'dropped'; reason: 'stale' | 'stopped' };

export interface AudioSnapshot {
  mode: 'music' | 'announcement' | 'quiet' | 'off';
  playlist: string | null;
  volume: number;
  paused: boolean;
  track: string | null;
  queued: number;
}

/** "A sound was handed to the player": the benchmark's end mark. */
export interface HandedEvent {
  at: number;
  role: SoundRole;
  file: string;
  label: string;
}

export interface ArbiterOptions {
  clock: Clock;
  player: Player;
  /** Files of a playlist (already resolved to paths). */
  tracksOf: (playlist: string) => string[];
  /** Seconds of a music file; throws if unreadable. */
  durationOf: (file: string) => number;
  duck: { level: number; rampMs: number };
  allowInQuiet: readonly SpeechCategory[];
  random?: () => number;
  onProblem?: (message: string) => void;
}

interface Waiting {
  job: SpeechJob;
  seq: number;
  resolve: (outcome: SpeechOutcome) => void;
}

interface MusicTrack {
  playlist: string;
  file: string;
  playback: Playback;
  durationSec: number;
  /** Position when `since` started counting (or frozen position while paused). */
  offsetSec: number;
  since: number | null;
  endTimer: ClockTimer | null;
  playerPaused: boolean;
}

const rampSteps = 4;

/**
 * The one owner of the speaker. Music follows the plan; speech waits its turn by priority, never cuts
 * a sentence; music is ducked under speech and resumes where it was. All timing is on the injected
 * clock: a sound lasts its known duration even on a player that returns at once (ALSA null device).
 */
export class AudioArbiter extends EventEmitter {
  private planned: PlannedSound = { mode: 'quiet' };
  private volumeOverride: number | null = null;
  private staffPaused = false;
  private track: MusicTrack | null = null;
  private readonly shuffles = new Map<string, TrackShuffle>();
  private readonly waiting: Waiting[] = [];
  private seq = 0;
  private speaking: { job: SpeechJob; playback: Playback | null; resolve: (outcome: SpeechOutcome) => void } | null = null;
  private ducked = false;
  private rampTimers: ClockTimer[] = [];
  private stepTimer: ClockTimer | null = null;
  private stopped = false;

  constructor(private readonly o: ArbiterOptions) {
    super();
  }

  // ---- music -------------------------------------------------------------------------------

  /** What the plan says for now; idempotent (the schedule runner calls it on every tick). */
  setPlanned(sound: PlannedSound): void {
    const before = this.planned;
    if (JSON.stringify(before) === JSON.stringify(sound)) return;
    this.planned = sound;
    const samePlaylist = before.mode === 'music' && sound.mode === 'music' && before.playlist === sound.playlist;
    if (!samePlaylist) {
      this.volumeOverride = null;
      this.staffPaused = false;
      this.stopTrack();
      if (sound.mode === 'music') this.startTrack();
    } else {
      this.volumeOverride = null;
      this.applyVolume();
    }
    if (sound.mode === 'quiet') this.dropNotAllowedInQuiet();
    this.changed();
  }

  pause(): void {
    this.staffPaused = true;
    this.freeze();
    this.changed();
  }

  resume(): void {
    this.staffPaused = false;
    if (!this.track && this.planned.mode === 'music') this.startTrack();
    else if (!this.ducked || this.o.duck.level > 0) this.thaw();
    this.changed();
  }

  skip(): void {
    if (this.planned.mode !== 'music') return;
    this.stopTrack();
    this.startTrack();
    this.changed();
  }

  /** Staff volume, until the plan's next music change. */
  setVolume(percent: number): void {
    this.volumeOverride = Math.max(0, Math.min(100, percent));
    this.applyVolume();
    this.changed();
  }

  /** Seconds into the current track (frozen while paused). */
  position(): number | null {
    const t = this.track;
    if (!t) return null;
    return t.offsetSec + (t.since === null ? 0 : (this.o.clock.now() - t.since) / 1000);
  }

  private musicVolume(): number {
    const base = this.volumeOverride ?? (this.planned.mode === 'music' ? this.planned.volume : 0);
    return Math.round(this.ducked ? (base * this.o.duck.level) / 100 : base);
  }

  private applyVolume(): void {
    this.track?.playback.setVolume(this.musicVolume());
  }

  private startTrack(): void {
    if (this.stopped || this.planned.mode !== 'music') return;
    const playlist = this.planned.playlist;
    let shuffle = this.shuffles.get(playlist);
    if (!shuffle) {
      let tracks: string[] = [];
      try {
        tracks = this.o.tracksOf(playlist);
      } catch (err) {
        this.o.onProblem?.(`playlist "${playlist}": ${(err as Error).message}`);
      }
      if (tracks.length === 0) this.o.onProblem?.(`playlist "${playlist}" has no audio files`);
      shuffle = new TrackShuffle(tracks, this.o.random);
      this.shuffles.set(playlist, shuffle);
    }
    const file = shuffle.next();
    if (!file) return;
    let durationSec: number;
    try {
      durationSec = this.o.durationOf(file);
    } catch (err) {
      this.o.onProblem?.(`${file}: ${(err as Error).message}`);
      durationSec = 5; // keep going with the next track, but never spin
    }
    const quietDuck = this.ducked && this.o.duck.level === 0;
    const playback = this.o.player.play({ file, role: 'music', volume: this.musicVolume(), label: playlist });
    this.handed('music', file, playlist);
    this.track = { playlist, file, playback, durationSec, offsetSec: 0, since: null, endTimer: null, playerPaused: false };
    if (this.staffPaused || quietDuck) {
      playback.pause();
      this.track.playerPaused = true;
    } else this.thaw();
  }

  private stopTrack(): void {
    const t = this.track;
    if (!t) return;
    if (t.endTimer) this.o.clock.clearTimeout(t.endTimer);
    t.playback.stop();
    this.track = null;
  }

  /** Stop the position counting and the player (pause). */
  private freeze(): void {
    const t = this.track;
    if (!t || t.since === null) return;
    t.offsetSec = this.position()!;
    t.since = null;
    if (t.endTimer) this.o.clock.clearTimeout(t.endTimer);
    t.endTimer = null;
    t.playback.pause();
    t.playerPaused = true;
  }

  private thaw(): void {
    const t = this.track;
    if (!t || t.since !== null || this.staffPaused) return;
    if (t.playerPaused) t.playback.resume();
    t.playerPaused = false;
    t.since = this.o.clock.now();
    const remainingMs = Math.max(0, (t.durationSec - t.offsetSec) * 1000);
    t.endTimer = this.o.clock.setTimeout(() => this.trackEnded(t), remainingMs);
  }

  private trackEnded(t: MusicTrack): void {
    if (this.track !== t) return;
    const next = () => {
      if (this.track !== t) return;
      this.track = null;
      this.startTrack();
      this.changed();
    };
    // Wait for a real speaker still finishing the last samples; never start early.
    if (t.playback.isDone()) next();
    else void t.playback.done.then(next);
  }

  // ---- speech ------------------------------------------------------------------------------

  /** Queue speech; settles when said, refused (quiet hours) or dropped (stale, stopping). */
  say(job: SpeechJob): Promise<SpeechOutcome> {
    if (!this.allowedNow(job.category)) return Promise.resolve({ outcome: 'refused', reason: 'quiet_hours' });
    return new Promise((resolve) => {
      this.waiting.push({ job, seq: this.seq++, resolve });
      this.changed();
      if (!this.speaking) this.next();
    });
  }

  private allowedNow(category: SpeechCategory): boolean {
    return this.planned.mode !== 'quiet' || this.o.allowInQuiet.includes(category);
  }

  private dropNotAllowedInQuiet(): void {
    for (const w of [...this.waiting]) {
      if (this.allowedNow(w.job.category)) continue;
      this.waiting.splice(this.waiting.indexOf(w), 1);
      w.resolve({ outcome: 'refused', reason: 'quiet_hours' });
    }
  }

  private takeNext(): Waiting | undefined {
    if (this.waiting.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < this.waiting.length; i++) {
      const a = this.waiting[i];
      const b = this.waiting[best];
      if (priority[a.job.category] > priority[b.job.category] || (priority[a.job.category] === priority[b.job.category] && a.seq < b.seq)) best = i;
    }
    return this.waiting.splice(best, 1)[0];
  }

  private next(): void {
    if (this.stopped) return;
    let item = this.takeNext();
    while (item && item.job.notAfter !== undefined && this.o.clock.now() > item.job.notAfter) {
      item.resolve({ outcome: 'dropped', reason: 'stale' });
      item = this.takeNext();
    }
    if (!item) {
      this.speaking = null;
      this.unduck();
      this.changed();
      return;
    }
    const { job, resolve } = item;
    this.speaking = { job, playback: null, resolve };
    this.changed();
    this.duck(() => {
      const startedAt = this.o.clock.now();
      this.playSegments(job, 0, () => {
        resolve({ outcome: 'played', startedAt, endedAt: this.o.clock.now() });
        this.next();
      });
    });
  }

  private playSegments(job: SpeechJob, index: number, finished: () => void): void {
    const resolve = this.speaking!.resolve;
    if (this.stopped) return;
    if (index >= job.segments.length) return finished();
    const segment = job.segments[index];
    const playback = this.o.player.play({ file: segment.file, role: 'speech', volume: 100, label: job.label });
    this.speaking = { job, playback, resolve };
    this.handed('speech', segment.file, job.label);
    this.stepTimer = this.o.clock.setTimeout(() => {
      this.stepTimer = null;
      // A sentence is never cut: the next one starts when this one is over, on the clock AND the player.
      if (playback.isDone()) this.playSegments(job, index + 1, finished);
      else void playback.done.then(() => this.playSegments(job, index + 1, finished));
    }, segment.durationSec * 1000);
  }

  /** Fade the music down, then go on; a level of 0 pauses it (position kept). */
  private duck(then: () => void): void {
    if (this.ducked) return then();
    this.ducked = true;
    const t = this.track;
    if (!t || t.since === null) return then();
    const from = this.volumeOverride ?? (this.planned.mode === 'music' ? this.planned.volume : 0);
    const to = this.musicVolume();
    this.ramp(from, to, () => {
      if (this.o.duck.level === 0) this.freeze();
      then();
    });
  }

  private unduck(): void {
    if (!this.ducked) return;
    this.ducked = false;
    const t = this.track;
    if (!t) return;
    const low = Math.round(((this.volumeOverride ?? (this.planned.mode === 'music' ? this.planned.volume : 0)) * this.o.duck.level) / 100);
    if (t.since === null && !this.staffPaused) this.thaw();
    this.ramp(low, this.musicVolume(), () => {});
  }

  private ramp(from: number, to: number, then: () => void): void {
    for (const timer of this.rampTimers) this.o.clock.clearTimeout(timer);
    this.rampTimers = [];
    const { rampMs } = this.o.duck;
    if (rampMs === 0 || from === to) {
      this.track?.playback.setVolume(to);
      return then();
    }
    for (let i = 1; i <= rampSteps; i++) {
      const volume = Math.round(from + ((to - from) * i) / rampSteps);
      this.rampTimers.push(
        this.o.clock.setTimeout(() => {
          this.track?.playback.setVolume(volume);
          if (i === rampSteps) {
            this.rampTimers = [];
            then();
          }
        }, (rampMs * i) / rampSteps),
      );
    }
  }

  // ---- state -------------------------------------------------------------------------------

  snapshot(): AudioSnapshot {
    const mode = this.speaking ? 'announcement' : this.planned.mode === 'quiet' ? 'quiet' : this.planned.mode === 'music' ? 'music' : 'off';
    return {
      mode,
      playlist: this.planned.mode === 'music' ? this.planned.playlist : null,
      volume: this.volumeOverride ?? (this.planned.mode === 'music' ? this.planned.volume : 0),
      paused: this.staffPaused,
      track: this.track?.file ?? null,
      queued: this.waiting.length,
    };
  }

  private handed(role: SoundRole, file: string, label: string): void {
    this.emit('handed', { at: this.o.clock.now(), role, file, label } satisfies HandedEvent);
  }

  private lastSnapshot = '';
  private changed(): void {
    const snap = this.snapshot();
    const key = JSON.stringify(snap);
    if (key === this.lastSnapshot) return;
    this.lastSnapshot = key;
    this.emit('changed', snap);
  }

  /** Silence everything, settle every waiting job. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.rampTimers) this.o.clock.clearTimeout(timer);
    if (this.stepTimer) this.o.clock.clearTimeout(this.stepTimer);
    this.speaking?.playback?.stop();
    this.speaking?.resolve({ outcome: 'dropped', reason: 'stopped' });
    this.stopTrack();
    for (const w of this.waiting.splice(0)) w.resolve({ outcome: 'dropped', reason: 'stopped' });
    await this.o.player.close();
  }
}
