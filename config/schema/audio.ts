import { z } from 'zod';
import { bilingual, clockTime, weekdays } from './common.js';

const daypart = z
  .object({
    from: clockTime,
    to: clockTime,
    playlist: z.string().min(1).describe('a key of audio.playlists'),
    volume: z.number().min(0).max(100).default(60),
  })
  .strict();

export const audioSchema = z
  .object({
    playlists: z.record(z.string(), z.string()).default({}).describe('playlist name → folder of audio files'),
    dayparts: z.array(daypart).default([]).describe('music by time of day; outside them no music'),
    quietFrom: clockTime.default('22:00').describe('all audio off from this time until the next opening'),
    allowInQuiet: z.array(z.enum(['emergency', 'queue_call', 'manual'])).default(['emergency']),
    speech: z
      .object({
        enabled: z.boolean().default(true),
        rateCpm: z.number().int().min(40).max(400).default(120).describe('speaking rate, characters per minute (Chinese)'),
        voiceZh: z.string().default('cmn-latn-pinyin'),
        voiceEn: z.string().default('en'),
        callRepeat: z.number().int().min(1).max(5).default(2).describe('a queue call is said this many times'),
        chime: z.boolean().default(true),
        inviteRating: z.boolean().default(false).describe('say "请您对我的服务进行评价" when a ticket is finished'),
      })
      .strict()
      .prefault({}),
    duck: z
      .object({ level: z.number().min(0).max(100).default(20), rampMs: z.number().int().min(0).default(400) })
      .strict()
      .prefault({}),
    announcements: z
      .object({
        classLeadMinutes: z.number().int().min(1).default(10),
        closingLeadMinutes: z.number().int().min(1).default(30),
        repeat: z.number().int().min(1).default(2),
        gapMinutes: z.number().min(0).default(2).describe('minutes between repetitions'),
        dropStaleAfterMinutes: z.number().min(0).default(3).describe('a due announcement older than this (clock jump, restart) is dropped'),
        closingText: bilingual.default({ zh: '各位顾客，本馆将于{close}闭馆，请您合理安排时间，感谢您的光临。', en: 'Dear guests, we close at {close}. Thank you for visiting.' }),
        classText: bilingual.default({ zh: '各位会员，{name}课程将于{time}在{room}开始，请做好准备。', en: '{name} starts at {time} in {room}.' }),
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
    room: z.string().default(''),
  })
  .strict();

export type AudioConfig = z.infer<typeof audioSchema>;
export type ClassConfig = z.infer<typeof classSchema>;
