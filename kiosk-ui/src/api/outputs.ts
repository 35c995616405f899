// Timed outputs (docs/api.md: /api/outputs) as the desk's output switches use them.
import type { OutputMode, OutputModeRequest, OutputView } from '../../../firmware-bridge/contract.js';
import { request } from './http.js';

export type { OutputMode, OutputView };

/** Every configured output with its state, override and today's switch instants (staff). */
export async function getOutputs(): Promise<OutputView[]> {
  return (await request<{ outputs: OutputView[] }>('GET', '/api/outputs', undefined, { auth: true })).outputs;
}

/** Force on/off until the output's next planned switch (or midnight), or `auto` back to the plan. */
export async function setOutputMode(id: string, state: OutputMode): Promise<OutputView> {
  return (await request<{ output: OutputView }>('POST', `/api/outputs/${encodeURIComponent(id)}`, { state } satisfies OutputModeRequest, { auth: true })).output;
}
