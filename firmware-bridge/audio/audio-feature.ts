import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AudioArbiter } from './audio-arbiter.js';
import { AudioDevice } from '../../devices/audio/audio-device.js';
import { AudioService, type SayOutcome } from './audio-service.js';
import { AlsaPlayer } from '../../devices/audio/alsa-player.js';
import { ensureChime } from '../../devices/audio/chime.js';
import { EspeakTts } from '../../devices/audio/espeak-tts.js';
import type { Player } from '../../devices/audio/player.js';
import { ScheduleRunner } from './schedule-runner.js';
import { SimPlayer } from '../../devices/audio/sim-player.js';
import { wavDurationSec } from '../../devices/audio/wav-duration.js';
import { registerAudioRoutes } from './audio-routes.js';
import type { Announcement, NewEvent } from '../kernel/events.js';
import { instantOf, localDay } from '../kernel/local-time.js';
import { entryKey, planDay, type AnnouncementEntry } from './rules/day-plan.js';
import type { Feature, FeatureContext } from '../runtime/feature.js';
import { withFreeSeats, type ClassSeats } from './rules/spoken-text.js';

/** What the announcement asks of the bookings service (ctx.services), if that feature runs. */
interface SeatList {
  list(day: string): ClassSeats[];
}

export interface AudioFeatureOptions {
  /** espeak-ng binary (tests give a bogus path to check the degraded mode). */
  espeak?: string;
  sox?: string;
  /** A ready player (tests); otherwise from config devices.audio.player. */
  player?: Player;
  /** aplay / mpg123 binaries (tests give a crashing one). */
  aplay?: string;
  mpg123?: string;
}

const audioExtensions = /\.(mp3|wav|ogg|flac|mp2)$/i;

/**
 * Music and announcements (docs/domain.md#music-and-announcements): the day plan drives the music and the scheduled
 * announcements, queue calls are spoken, one arbiter owns the speaker. Without espeak-ng the desk
 * runs on and the audio device reports speech as unavailable.
 */
export function audioFeature(options: AudioFeatureOptions = {}): Feature {
  let arbiter: AudioArbiter | undefined;
  let runner: ScheduleRunner | undefined;
  let unsubscribe: (() => void) | undefined;
  return {
    name: 'audio',
    async start(ctx: FeatureContext) {
      const log = ctx.log.child({ feature: 'audio' });
      const { config, clock } = ctx;
      const tz = config.site.timezone;
      const deviceConfig = config.devices.audio;
      let device: AudioDevice | undefined;
      const player: Player =
        options.player ??
        (deviceConfig.player === 'aplay' || deviceConfig.player === 'mpg123'
          ? new AlsaPlayer({
              device: deviceConfig.alsaDevice,
              aplay: options.aplay,
              mpg123: options.mpg123,
              // A crashed player process is a fault (shown, recorded, in telemetry); the next clean play clears it.
              onError: (m) => {
                log.warn({ device: 'audio' }, m);
                device?.report('player', m, 'fault');
              },
              onPlayed: () => device?.report('player', null),
            })
          : new SimPlayer(clock));
      device = new AudioDevice(() => clock.now(), player.name);
      ctx.devices.add(device);

      const cacheDir = join(ctx.dataDir, 'audio-cache');
      let tts: EspeakTts | null = null;
      if (config.audio.speech.enabled) {
        tts = new EspeakTts({ cacheDir, binary: options.espeak, cacheMaxBytes: config.audio.speech.cacheMaxMB * 1024 * 1024 });
        const problem = await tts.problem();
        if (problem) {
          log.warn({ device: 'audio', problem }, 'speech unavailable; calls are shown on screen only');
          device.report('speech', `speech unavailable 语音不可用: ${problem}`);
          tts = null;
        }
      }
      let chime: string | null = null;
      if (tts && config.audio.speech.chime) chime = await ensureChime(cacheDir, options.sox).catch((err) => (log.warn({ err }, 'no chime (sox failed)'), null));

      const configDir = dirname(resolve(ctx.configFile));
      const durations = new Map<string, number>();
      arbiter = new AudioArbiter({
        clock,
        player,
        tracksOf: (playlist) => {
          const folder = resolve(configDir, ctx.config.audio.playlists[playlist] ?? '');
          return readdirSync(folder).filter((f) => audioExtensions.test(f)).sort().map((f) => join(folder, f));
        },
        durationOf: (file) => {
          let d = durations.get(file);
          if (d === undefined) {
            d = /\.wav$/i.test(file) ? wavDurationSec(file) : Number(execFileSync(options.sox ? join(dirname(options.sox), 'soxi') : 'soxi', ['-D', file], { timeout: 5000 }).toString());
            if (!(d > 0)) throw new Error('unknown duration');
            durations.set(file, d);
          }
          return d;
        },
        duck: config.audio.duck,
        allowInQuiet: config.audio.allowInQuiet,
        onProblem: (message) => {
          log.warn({ device: 'audio' }, message);
          device.report('music', message);
        },
      });
      const service = new AudioService(arbiter, config.audio, tts, device, chime);
      ctx.services.set('audio', service);
      await device.start();

      const record = (events: NewEvent[]) => {
        try {
          ctx.store.commit(events);
        } catch (err) {
          log.error({ err }, 'could not record audio events');
        }
      };
      const played = (payload: Announcement, outcome: SayOutcome) => {
        if (outcome.outcome === 'played')
          record([{ type: 'announcement.played', payload: { ...payload, startedAt: new Date(outcome.startedAt).toISOString(), durationSec: (outcome.endedAt - outcome.startedAt) / 1000 } }]);
        else log.info({ ...payload, outcome }, 'announcement not played');
      };
      service.onAnnounced = (what, outcome) => played(what, outcome);

      // audio.changed on every change of what the hall hears (not on each new track).
      let lastState = '';
      arbiter.on('changed', () => {
        const state = service.state();
        const key = JSON.stringify([state.mode, state.playlist, state.volume, state.paused]);
        if (key === lastState) return;
        lastState = key;
        record([{ type: 'audio.changed', payload: { mode: state.mode, playlist: state.playlist, volume: state.volume, paused: state.paused } }]);
      });
      ctx.stateTopics.provide('audio', () => {
        const { mode, playlist, volume } = service.state();
        return { mode, playlist, volume };
      });

      // The plan is drawn from the config in force: a saved class, hour or text change re-plans today.
      const planFor = (date: string) => planDay(date, ctx.config);
      const today = () => localDay(clock.now(), tz);
      registerAudioRoutes(ctx.http, service, planFor, today);

      // Queue calls: ticket.called / ticket.recalled from the queue feature.
      const inviteText = { zh: '请您对我的服务进行评价', en: 'Please rate our service.' };
      unsubscribe = ctx.store.onCommitted((events) => {
        for (const event of events) {
          if (event.type === 'ticket.finished' && config.audio.speech.inviteRating) {
            const { counter, ticketId } = event.payload;
            void service.announce('manual', `invite ${event.seq}`, inviteText, 1).then((outcome) => played({ kind: 'rating_invitation', ticketId, counter, text: inviteText.zh }, outcome));
            continue;
          }
          if (event.type !== 'ticket.called' && event.type !== 'ticket.recalled') continue;
          const { number, counter, ticketId } = event.payload;
          const name = ctx.config.counters.find((c) => c.id === counter)?.name ?? { zh: `${counter}号窗口`, en: `counter ${counter}` };
          void service.call(number, name, `call ${number} ${event.seq}`).then((outcome) => {
            if (outcome.outcome === 'played') played({ kind: 'queue_call', ticketId, number, counter, text: service.callText(number, name).zh }, outcome);
            else log.info({ number, counter, outcome }, 'queue call not spoken');
          });
        }
      });

      // What was already said today (a restart must not repeat it).
      const startOfDay = new Date(instantOf(today(), '00:00', tz)).toISOString();
      const alreadyPlayed = ctx.store.ofTypeSince('announcement.played', startOfDay).flatMap((e) => (e.payload.key === undefined ? [] : [e.payload.key]));

      // A class with seats names its free seats as they are now, asked of the bookings service.
      const spokenText = (entry: AnnouncementEntry) => {
        const text = { zh: entry.text, en: entry.textEn };
        const bookings = ctx.services.get('bookings') as SeatList | undefined;
        if (entry.reason !== 'class' || !bookings) return text;
        try {
          // entry.for is the class start in local time ("YYYY-MM-DDTHH:MM:SS+08:00").
          return withFreeSeats(text, entry.for.slice(11, 16), bookings.list(entry.for.slice(0, 10)), ctx.config.audio.announcements);
        } catch (err) {
          log.warn({ err }, 'free seats unknown; the class is announced as planned');
          return text;
        }
      };

      const staleMs = config.audio.announcements.dropStaleAfterMinutes * 60_000;
      runner = new ScheduleRunner({
        clock,
        timezone: tz,
        planFor,
        staleMs,
        alreadyPlayed,
        setPlanned: (sound) => arbiter!.setPlanned(sound),
        announce: (entry: AnnouncementEntry, notAfter) => {
          const text = spokenText(entry);
          const payload: Announcement = { kind: 'scheduled', key: entryKey(entry), reason: entry.reason, for: entry.for, take: entry.take, text: text.zh };
          void service.announce('scheduled', entryKey(entry), text, 1, notAfter).then((outcome) => played(payload, outcome));
        },
        onStale: (entry, lateMs) => log.warn({ key: entryKey(entry), lateSec: Math.round(lateMs / 1000) }, 'stale announcement dropped (clock jump or restart)'),
        onClockJump: (jumpMs) => log.warn({ jumpSec: Math.round(jumpMs / 1000) }, 'wall clock jumped; following the plan for now'),
      });
      runner.start();
      const offConfig = ctx.liveConfig.onChanged(() => runner?.refresh());
      const stopFollowing = unsubscribe;
      unsubscribe = () => {
        stopFollowing?.();
        offConfig();
      };

      // Pre-render today's phrases in the background: start-up does not wait for them.
      const phrases = planFor(today()).filter((e): e is AnnouncementEntry => e.kind === 'announcement').map((e) => ({ zh: e.text, en: e.textEn }));
      void service.prerender(phrases).then(
        (n) => log.info({ rendered: n }, 'today\'s announcements pre-rendered'),
        (err) => log.warn({ err }, 'pre-rendering failed'),
      );
    },
    async stop() {
      unsubscribe?.();
      runner?.stop();
      await arbiter?.stop();
    },
  };
}
