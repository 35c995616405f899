import type { AudioConfig } from '../../config/schema/audio.js';
import type { Bilingual } from '../../config/schema/common.js';
import { fillTemplate, spacedTicket } from './rules/spoken-text.js';
import type { AudioArbiter, HandedEvent, SpeechCategory, SpeechOutcome, SpeechSegment } from './audio-arbiter.js';
import type { AudioDevice } from '../../devices/audio/audio-device.js';
import type { EspeakTts } from '../../devices/audio/espeak-tts.js';
import type { Announcement } from '../kernel/events.js';
import { refuse, type Refusal } from '../kernel/refusal.js';

export type SayOutcome = SpeechOutcome | { outcome: 'unavailable'; reason: string };

/** Timing of one spoken request, for the benchmark: request → (render) → first sound handed over. */
export interface SpeechTiming {
  label: string;
  requestedAt: number; // performance.now()
  renderedAt: number;
  cached: boolean;
}

/**
 * What the rest of the product asks of the speaker (ctx.services 'audio'): say queue calls and
 * announcements (rendered by espeak-ng, cached), control the music. Knows tickets only as the
 * number and counter name it is given.
 */
export class AudioService {
  private readonly handedListeners = new Set<(event: HandedEvent & { hrAt: number; timing?: SpeechTiming }) => void>();
  private readonly timings = new Map<string, SpeechTiming>();

  constructor(
    readonly arbiter: AudioArbiter,
    private readonly audio: AudioConfig,
    private readonly tts: EspeakTts | null,
    private readonly device: AudioDevice,
    private readonly chimeFile: string | null,
  ) {
    arbiter.on('handed', (event: HandedEvent) => {
      const timing = this.timings.get(event.label);
      if (timing) this.timings.delete(event.label);
      for (const listener of this.handedListeners) listener({ ...event, hrAt: performance.now(), timing });
    });
  }

  get speechAvailable(): boolean {
    return this.tts !== null && this.audio.speech.enabled && this.device.speechAvailable;
  }

  /** "audio handed to the player" hook (benchmark end mark). Returns an unsubscribe function. */
  onHanded(listener: (event: HandedEvent & { hrAt: number; timing?: SpeechTiming }) => void): () => void {
    this.handedListeners.add(listener);
    return () => this.handedListeners.delete(listener);
  }

  /** The call text in both languages, spoken form ("请 A 0 1 2 号到3号窗口"). */
  callText(number: string, counter: Bilingual): Bilingual {
    const { callText } = this.audio.speech;
    return {
      zh: fillTemplate(callText.zh, { number: ` ${spacedTicket(number)} `, counter: counter.zh }).replace(/\s+/g, ' ').trim(),
      en: fillTemplate(callText.en, { number: spacedTicket(number), counter: counter.en }),
    };
  }

  /** Chime, the Chinese call `callRepeat` times, then the English once. */
  call(number: string, counter: Bilingual, label = `call ${number}`): Promise<SayOutcome> {
    const text = this.callText(number, counter);
    const zh = Array<string>(this.audio.speech.callRepeat).fill(text.zh);
    return this.say('queue_call', label, text, zh, this.chimeFile);
  }

  /** An announcement said `repeat` times back to back (manual) or once (each scheduled take). */
  announce(category: SpeechCategory, label: string, text: Bilingual, repeat = 1, notAfter?: number): Promise<SayOutcome> {
    return this.say(category, label, text, Array<string>(repeat).fill(text.zh), null, notAfter);
  }

  /** Render phrases ahead (the day's announcements, the first calls) so they start at once. */
  async prerender(texts: Bilingual[]): Promise<number> {
    if (!this.speechAvailable) return 0;
    let rendered = 0;
    for (const text of texts) {
      const parts = await this.render(text.zh, text.en);
      rendered += parts.filter((p) => !p.cached).length;
    }
    return rendered;
  }

  private async render(zh: string, en: string | null): Promise<(SpeechSegment & { cached: boolean })[]> {
    const { speech } = this.audio;
    // Both languages render at once: the uncached call waits for the slower one, not the sum.
    const out = await Promise.all([
      this.tts!.render(zh, speech.voiceZh, speech.rateCpm),
      ...(en !== null && speech.english ? [this.tts!.render(en, speech.voiceEn, speech.rateCpm)] : []),
    ]);
    return out.map((r) => ({ file: r.file, durationSec: r.durationSec, cached: r.cached }));
  }

  private async say(category: SpeechCategory, label: string, text: Bilingual, zhTakes: string[], lead: string | null, notAfter?: number, noEnglish = false): Promise<SayOutcome> {
    if (!this.speechAvailable) return { outcome: 'unavailable', reason: this.device.status.detail || 'speech disabled' };
    const requestedAt = performance.now();
    let parts: (SpeechSegment & { cached: boolean })[];
    try {
      parts = await this.render(zhTakes[0], noEnglish ? null : text.en);
    } catch (err) {
      this.device.report('speech', `espeak-ng failed: ${(err as Error).message.split('\n')[0]}`);
      return { outcome: 'unavailable', reason: 'speech rendering failed' };
    }
    const [zhPart, enPart] = parts;
    this.timings.set(label, { label, requestedAt, renderedAt: performance.now(), cached: parts.every((p) => p.cached) });
    const segments: SpeechSegment[] = [];
    if (lead) segments.push({ file: lead, durationSec: this.chimeDuration });
    for (let i = 0; i < zhTakes.length; i++) segments.push(zhPart);
    if (enPart) segments.push(enPart);
    return this.arbiter.say({ category, label, text: text.zh, segments, notAfter });
  }

  chimeDuration = 0.95;

  /** Staff text from the desk screen; its outcome is reported through `onAnnounced`. */
  async announceManual(text: string, textEn: string | null, repeat: number, staff: string): Promise<SayOutcome> {
    const outcome = await this.say('manual', `manual ${staff} ${performance.now()}`, { zh: text, en: textEn ?? text }, Array<string>(repeat).fill(text), null, undefined, textEn === null);
    this.onAnnounced?.({ kind: 'manual', text, repeat, staff }, outcome);
    return outcome;
  }

  onAnnounced?: (what: Announcement, outcome: SayOutcome) => void;

  /** Music control by staff; a refusal when there is nothing to control. */
  control(action: 'pause' | 'resume' | 'skip' | 'volume', value: number | undefined, _staff: string): Refusal | null {
    const snap = this.arbiter.snapshot();
    if (action !== 'volume' && snap.playlist === null) return refuse(409, 'no_music', 'No music is scheduled now. 当前时段没有背景音乐。');
    if (action === 'pause') this.arbiter.pause();
    else if (action === 'resume') this.arbiter.resume();
    else if (action === 'skip') this.arbiter.skip();
    else this.arbiter.setVolume(value!);
    return null;
  }

  /** The retained MQTT `audio` payload (docs/mqtt.md) plus what the desk screen shows. */
  state(): { mode: string; playlist: string | null; volume: number; paused: boolean; speech: boolean } {
    const snap = this.arbiter.snapshot();
    return { mode: snap.mode, playlist: snap.playlist, volume: snap.volume, paused: snap.paused, speech: this.speechAvailable };
  }
}
