import { z } from 'zod';
import { seasons } from '../../config/schema/outputs.js';
import { bilingualText, isoTime, refusals, staffRefusals } from '../http/common-schemas.js';

export const outputStates = ['on', 'off'] as const;
export const overrideModes = ['on', 'off', 'auto'] as const;
export const outputReasons = ['plan', 'manual', 'last_member_left'] as const;

/** One timed output (a relay) and why it is in its state. */
export const outputView = z.object({
  id: z.string(),
  name: bilingualText,
  state: z.enum(outputStates),
  mode: z.enum(overrideModes).describe('auto = follows the day plan; on/off = a staff override'),
  reason: z.enum(outputReasons).describe('what set the state: the plan, staff, or the last member leaving after closing'),
  since: isoTime.describe('when it last switched'),
  overrideUntil: isoTime.nullable().describe("when the override ends: the output's next planned switch after it was set, or midnight"),
  untilLastMemberLeaves: z.boolean().describe('the override also ends when the last member has left after closing'),
  season: z.enum(seasons),
  plan: z.enum(['span', 'manual', 'off']).describe("the season's kind of plan"),
  offWhenLastMemberLeft: z.boolean(),
  switches: z.array(z.object({ at: isoTime, state: z.enum(outputStates), reason: z.enum(['plan', 'last_member_left']) })).describe("today's switch instants"),
  board: z.object({ state: z.enum(['ok', 'degraded', 'fault', 'offline']), detail: z.string() }).describe("the relay's board"),
});

export const outputModeBody = z.object({
  state: z.enum(overrideModes, { error: '“state”应为 on、off、auto 之一 · "state" must be one of on, off, auto.' }),
});

const staffOnly = { security: [{ staff: [] }] };

export const outputsRoutes = {
  list: {
    summary: "The timed outputs (relays): state, override, today's switch instants (staff)",
    ...staffOnly,
    response: { 200: z.object({ outputs: z.array(outputView) }), ...staffRefusals },
  },
  setMode: {
    summary: 'Switch an output on or off until its next planned switch (or midnight), or back to the plan with "auto" (staff)',
    params: z.object({ id: z.string().max(64).describe('output id from config outputs.switches') }),
    body: outputModeBody,
    ...staffOnly,
    response: { 200: z.object({ output: outputView }), ...refusals(400, 404), ...staffRefusals },
  },
};
