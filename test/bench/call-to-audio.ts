import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import type { AudioService } from '../../firmware-bridge/audio/audio-service.js';
import { audioFeature } from '../../firmware-bridge/audio/audio-feature.js';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { writeBenchConfig } from './bench-config.js';
import { percentiles, sleep, type Percentiles } from './stats.js';
import { requestOk } from '../fixtures/http.js';

export interface CallToAudioResult {
  cached: Percentiles | null;
  uncached: Percentiles | null;
  /** espeak-ng render time inside the uncached calls (zh + en). */
  uncachedRenderMs: Percentiles | null;
  player: string;
  note: string;
}

/**
 * Staff `POST /api/counters/1/next` sent → the call's first sound (the chime) handed to the player,
 * in-process on the real queue + audio features (sim player, espeak-ng). The desk runs on a fake
 * clock that the benchmark advances between calls so each call's speech is over before the next
 * (the arbiter times sounds by their length); the latency itself is wall time.
 */
export async function benchCallToAudio(options: { calls: number }): Promise<CallToAudioResult> {
  // A music daypart covers the fake 10:00 (its folder is empty, so nothing plays): outside every
  // daypart the arbiter is in 'quiet' and refuses queue calls (the demo config has no dayparts).
  const cfg = writeBenchConfig('audio', {
    mqtt: 'off',
    devices: { printer: 'sim', panels: [{ kind: 'sim' }], audio: { player: 'sim' } },
    audio: { playlists: { light: './music/light' }, dayparts: [{ from: '09:00', to: '21:00', playlist: 'light', volume: 60 }] },
    // The demo's hourly class: its announcement at 10:20 rightly holds calls until it is over (≈ 20 s of
    // speech on the real clock), which is the arbiter's order, not the call path this stage measures.
    classes: [],
  });
  try {
    const uncached = await phase(cfg.file, options.calls);
    // Same data dir minus the database: numbers start again at A001, so every call text is in the cache.
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(cfg.dataDir, `frontdesk.sqlite${suffix}`), { force: true });
    const cached = await phase(cfg.file, options.calls);
    return {
      cached: percentiles(cached.latencies),
      uncached: percentiles(uncached.latencies),
      uncachedRenderMs: percentiles(uncached.renders),
      player: 'sim (records the hand-over; ALSA would start its process here)',
      note: 'no music playing; with music the speech starts after the duck fade (audio.duck.rampMs, 400 ms by default)',
    };
  } finally {
    rmSync(cfg.dir, { recursive: true, force: true });
  }
}

async function phase(configFile: string, calls: number): Promise<{ latencies: number[]; renders: number[] }> {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const loaded = loadConfig(configFile, { FRONTDESK_HTTP_PORT: '0', FRONTDESK_MQTT_URL: 'off' });
  const app: RunningApp = await startApp(loaded, { clock, log: silentLogger, features: [queueFeature(), audioFeature()] });
  try {
    const audio = app.context.services.get('audio') as AudioService | undefined;
    if (!audio) throw new Error('the audio feature did not start');
    if (!audio.speechAvailable) throw new Error(`speech unavailable: ${app.devices.get('audio')?.status.detail ?? 'espeak-ng missing?'}`);
    await sleep(1500); // start-up pre-renders today's announcements in the background
    const post = (path: string, body: object, token?: string) => requestOk(`${app.url}${path}`, 'POST', body, token);
    const { token } = (await post('/api/session', { staff: '001', pin: '1234' })) as { token: string };
    const latencies: number[] = [];
    const renders: number[] = [];
    for (let i = 0; i < calls; i++) {
      await post('/api/tickets', { service: 'transaction' });
      let done!: (value: { hrAt: number; render: number | null }) => void;
      const handed = new Promise<{ hrAt: number; render: number | null }>((r) => (done = r));
      const off = audio.onHanded((event) => {
        if (event.role === 'speech' && event.label.startsWith('call ')) done({ hrAt: event.hrAt, render: event.timing && !event.timing.cached ? event.timing.renderedAt - event.timing.requestedAt : null });
      });
      const t0 = performance.now();
      await post('/api/counters/1/next', {}, token);
      const timeout = sleep(10_000).then(() => null);
      const result = await Promise.race([handed, timeout]);
      off();
      if (!result) throw new Error(`call ${i + 1}: no sound handed to the player within 10 s`);
      latencies.push(result.hrAt - t0);
      if (result.render !== null) renders.push(result.render);
      clock.advance(60_000); // the call is said (chime, twice in Chinese, once in English) and over
      await post('/api/counters/1/finish', {}, token);
    }
    return { latencies, renders };
  } finally {
    await app.close();
  }
}
