import { z } from 'zod';
import { weekdays } from '../../firmware-bridge/kernel/local-time.js';
import { bilingual, clockTime, isoDate } from './common.js';

const daypart = z
  .object({
    from: clockTime,
    to: clockTime,
    playlist: z.string().min(1).describe('a key of audio.playlists'),
    volume: z.number().min(0).max(100).default(60),
  })
  .strict()
  .refine((p) => p.to > p.from, { message: 'to must be later than from', path: ['to'] });

export const audioSchema = z
  .object({
    playlists: z
      .record(z.string(), z.string())
      .default({ light: './music/light', lively: './music/lively' })
      .describe('playlist name → folder of audio files (relative to the config file); shuffled without repeats'),
    dayparts: z
      .array(daypart)
      .default([
        { from: '09:30', to: '18:00', playlist: 'light', volume: 50 },
        { from: '18:00', to: '21:00', playlist: 'lively', volume: 60 },
        { from: '21:00', to: '22:00', playlist: 'light', volume: 45 },
      ])
      .describe('music by time of day, only while the hall is open; outside them no music (docs/domain.md#audio-music-by-time-of-day)'),
    uploadMaxMB: z.number().min(1).max(500).default(30).describe('largest audio file a manager may upload to a playlist from /settings'),
    quietFrom: clockTime.default('22:00').describe('all audio off from this time until the next opening'),
    allowInQuiet: z
      .array(z.enum(['emergency', 'queue_call', 'manual']))
      .default(['emergency'])
      .describe('what may still be heard in quiet hours; scheduled announcements and music never are'),
    speech: z
      .object({
        enabled: z.boolean().default(true),
        rateCpm: z
          .number()
          .int()
          .min(95, 'espeak-ng cannot speak Chinese slower than about 95 characters per minute')
          .max(330)
          .default(120)
          .describe('speaking rate, characters per minute (Chinese; docs/domain.md#audio-speaking-rate: 每分钟120个字左右)'),
        english: z.boolean().default(true).describe('after the Chinese text, say the English one once (zh-CN first, English second)'),
        voiceZh: z.string().default('cmn-latn-pinyin'),
        voiceEn: z.string().default('en'),
        callRepeat: z.number().int().min(1).max(5).default(2).describe('a queue call is said this many times'),
        chime: z.boolean().default(true).describe('a short two-tone chime before a queue call'),
        cacheMaxMB: z.number().min(5).max(10000).default(100).describe('rendered phrases are kept on disk up to this size, least recently used out first'),
        callText: bilingual
          .default({ zh: '请{number}号到{counter}', en: 'Number {number}, please go to {counter}.' })
          .describe('queue call; {number} is the ticket (digits read one by one), {counter} the counter name'),
        inviteRating: z.boolean().default(false).describe('say "请您对我的服务进行评价" when a ticket is finished'),
      })
      .strict()
      .prefault({}),
    duck: z
      .object({
        level: z.number().min(0).max(100).default(20).describe('music level during speech, percent of its volume (0 pauses it)'),
        rampMs: z.number().int().min(0).default(400).describe('fade time down and back up'),
      })
      .strict()
      .prefault({}),
    announcements: z
      .object({
        classLeadMinutes: z.number().int().min(1).default(10),
        closingLeadMinutes: z.number().int().min(1).default(30),
        repeat: z.number().int().min(1).default(2),
        gapMinutes: z.number().min(0).default(2).describe('minutes between repetitions'),
        dropStaleAfterMinutes: z.number().min(0).default(3).describe('a due announcement older than this (clock jump, restart) is dropped'),
        closingText: bilingual.describe('{close} is the closing time').default({ zh: '各位顾客，本馆将于{close}闭馆，请您合理安排时间，感谢您的光临。', en: 'Dear guests, we close at {close}. Thank you for visiting.' }),
        classText: bilingual.describe('{name}, {time}, {room} of the class').default({ zh: '各位会员，{name}课程将于{time}在{room}开始，请做好准备。', en: '{name} starts at {time} in {room}.' }),
        seatsText: bilingual
          .describe('added to the announcement of a class with seats (bookings), counted when it is said; {free} is the free seats')
          .default({ zh: '还有{free}个空位。', en: '{free} seats are free.' }),
        fullText: bilingual.describe('added instead when no seat is free').default({ zh: '名额已满。', en: 'The class is full.' }),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export const classSchema = z
  .object({
    name: bilingual,
    days: z.array(z.enum(weekdays)).min(1),
    at: clockTime,
    room: z.union([z.string(), bilingual]).default('').describe('where the class is: one name, or {zh, en}'),
    cancelled: z.array(isoDate).default([]).describe('dates the class does not take place (its announcements leave that day\'s plan)'),
    id: z.string().regex(/^[a-z0-9-]{1,40}$/).optional().describe('the class as bookings name it (default: its English name, lower-case, dashes)'),
    seats: z.number().int().min(1).max(500).optional().describe('seats (e.g. spin bikes): a class with seats is booked at the desk, same day only'),
  })
  .strict();

export type AudioConfig = z.infer<typeof audioSchema>;
export type ClassConfig = z.infer<typeof classSchema>;
