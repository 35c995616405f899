/**
 * Time limits for benchmark stages. A stage that runs over its limit is given up: its figures are
 * null with the reason, the processes it started are killed, and the run goes on to the next stage.
 * Stages must not block the event loop (no spawnSync of long jobs), or the limit cannot fire.
 */
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();

/** Registers a process a stage started, so a stage over its limit can stop it. */
export function trackChild<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Kills every tracked process still running (SIGTERM, then SIGKILL after 3 s). */
export async function killTrackedChildren(): Promise<number> {
  const alive = [...running].filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(
    alive.map(
      (child) =>
        new Promise<void>((resolve) => {
          const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
          child.once('exit', () => {
            clearTimeout(killer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  running.clear();
  return alive.length;
}

export class StageTimeout extends Error {
  constructor(readonly limitMs: number) {
    super(`no result within its time limit of ${Math.round(limitMs / 1000)} s`);
  }
}

/** Resolves with the stage's value, or rejects with StageTimeout once `limitMs` has passed. */
export function withTimeLimit<T>(limitMs: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StageTimeout(limitMs)), limitMs);
  });
  const work = run();
  work.catch(() => undefined); // a stage given up may still fail later: that is no crash of the run
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
