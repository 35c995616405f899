import { spawn, type ChildProcess } from 'node:child_process';
import type { Playback, PlaybackEnd, PlayRequest, Player } from './player.js';

export interface AlsaPlayerOptions {
  /** ALSA device: "default" on the Pi, "null" on a box without a sound card. */
  device: string;
  aplay?: string;
  mpg123?: string;
  /** A process still running this long after it should have finished is killed (SIGKILL). */
  maxSec?: number;
  onError?: (message: string) => void;
  /** A sound played to its end: the player works (clears an earlier failure). */
  onPlayed?: () => void;
}

/**
 * Real playback through ALSA: WAV speech with `aplay -D dev`, music with `mpg123 -R -o alsa -a dev`
 * (remote mode: volume, pause and seek on stdin). mpg123 always gets `-o`: without it, it can spin
 * at 100 % CPU and ignore SIGTERM (seen on Debian 12), so every process also has a SIGKILL deadline.
 */
export class AlsaPlayer implements Player {
  readonly name = 'alsa';
  private readonly live = new Set<ChildProcess>();

  constructor(private readonly options: AlsaPlayerOptions) {}

  play(request: PlayRequest): Playback {
    return request.role === 'music' || !/\.wav$/i.test(request.file) ? this.playRemote(request) : this.playWav(request);
  }

  private playWav(request: PlayRequest): Playback {
    const child = this.spawn(this.options.aplay ?? 'aplay', ['-q', '-D', this.options.device, request.file]);
    return {
      ...this.supervise(child, request),
      setVolume: () => {}, // speech is always at full level
      pause: () => child.kill('SIGSTOP'),
      resume: () => child.kill('SIGCONT'),
      stop: () => child.kill('SIGKILL'),
    };
  }

  private playRemote(request: PlayRequest): Playback {
    const child = this.spawn(this.options.mpg123 ?? 'mpg123', ['-R', '-o', 'alsa', '-a', this.options.device]);
    const send = (line: string) => {
      if (child.stdin?.writable) child.stdin.write(`${line}\n`);
    };
    let paused = false;
    let loaded = false;
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      // "@P 0" after a track was loaded = the track is over: leave remote mode.
      if (/@P 2/.test(chunk)) loaded = true;
      if (loaded && /@P 0/.test(chunk)) send('Q');
      const error = /@E (.*)/.exec(chunk);
      if (error) this.options.onError?.(`mpg123: ${error[1]}`);
    });
    send(`V ${request.volume}`);
    send(`L ${request.file}`);
    if (request.fromSec) send(`J ${request.fromSec.toFixed(2)}s`);
    return {
      ...this.supervise(child, request),
      setVolume: (percent) => send(`V ${percent}`),
      pause: () => {
        if (!paused) send('P');
        paused = true;
      },
      resume: () => {
        if (paused) send('P');
        paused = false;
      },
      stop: () => {
        send('Q');
        setTimeout(() => child.kill('SIGKILL'), 1000).unref();
      },
    };
  }

  private spawn(command: string, args: string[]): ChildProcess {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.live.add(child);
    child.stderr?.resume();
    return child;
  }

  private supervise(child: ChildProcess, request: PlayRequest): Pick<Playback, 'done' | 'isDone'> {
    let settled = false;
    const done = this.watch(child, request).then((end) => {
      settled = true;
      return end;
    });
    return { done, isDone: () => settled };
  }

  private watch(child: ChildProcess, request: PlayRequest): Promise<PlaybackEnd> {
    const deadline = setTimeout(() => {
      this.options.onError?.(`${request.file}: player still running after ${this.options.maxSec ?? 900} s, killed`);
      child.kill('SIGKILL');
    }, (this.options.maxSec ?? 900) * 1000).unref();
    return new Promise((resolve) => {
      child.on('error', (err) => {
        clearTimeout(deadline);
        this.live.delete(child);
        this.options.onError?.(`${request.file}: ${err.message}`);
        resolve('failed');
      });
      child.on('exit', (code, signal) => {
        clearTimeout(deadline);
        this.live.delete(child);
        if (code === 0) {
          this.options.onPlayed?.();
          resolve('ended');
        }
        else if (signal === 'SIGKILL' || signal === 'SIGTERM') resolve('stopped');
        else {
          this.options.onError?.(`${request.file}: player exited with ${code ?? signal}`);
          resolve('failed');
        }
      });
    });
  }

  async close(): Promise<void> {
    const exits = [...this.live].map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }));
    await Promise.all(exits);
  }
}
