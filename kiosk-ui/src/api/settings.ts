import type { ConfigChange, MemberImportResult, PrinterTestResult, SettingsSaved, SettingsVersion, SettingsView, SpeechPreviewResult } from '../../../firmware-bridge/contract.js';
import { sessionStore } from './session-store.js';

export type { ConfigChange, SettingsSaved, SettingsVersion, SettingsView };

/** A refusal with its details: `issues` of invalid_config, both versions of settings_conflict. */
export interface SettingsRefusal {
  status: number;
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
  current?: { version: string; config: Record<string, unknown> };
  yours?: { version: string; config: Record<string, unknown> };
  changes?: ConfigChange[];
}

export type Answer<T> = { ok: true; value: T } | { ok: false; refusal: SettingsRefusal };

// The settings routes answer refusals with more than code and message, so they are read here whole
// rather than through request() (which keeps only the code and the message).
async function send<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const token = sessionStore.get()?.token;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, refusal: { status: 0, code: 'unreachable', message: '暂时无法连接服务 · The service does not answer.' } };
  }
  const parsed = (await response.json().catch(() => null)) as { error?: SettingsRefusal } | null;
  if (response.ok) return { ok: true, value: parsed as T }; // 204: null
  if (response.status === 401) sessionStore.set(null);
  const error = parsed?.error;
  return { ok: false, refusal: { ...(error ?? { code: `http_${response.status}`, message: response.statusText }), status: response.status } };
}

export const readSettings = () => send<SettingsView>('GET', '/api/settings');
export const saveSettings = (version: string, config: Record<string, unknown>) => send<SettingsSaved>('PUT', '/api/settings', { version, config });
export const settingsHistory = () => send<{ versions: SettingsVersion[] }>('GET', '/api/settings/history');
export const rollbackSettings = (version: string) => send<SettingsSaved>('POST', '/api/settings/rollback', { version });

export interface Track {
  file: string;
  bytes: number;
}

export const playlistTracks = (playlist: string) => send<{ tracks: Track[] }>('GET', `/api/settings/playlists/${encodeURIComponent(playlist)}/tracks`);
export const deleteTrack = (playlist: string, file: string) => send<null>('DELETE', `/api/settings/playlists/${encodeURIComponent(playlist)}/tracks/${encodeURIComponent(file)}`);

/** Uploads one audio file as the raw body; the service checks its content and reads its length. */
export async function uploadTrack(playlist: string, file: File): Promise<Answer<{ track: Track & { durationSec: number } }>> {
  const token = sessionStore.get()?.token;
  try {
    const response = await fetch(`/api/settings/playlists/${encodeURIComponent(playlist)}/tracks?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: file,
    });
    const parsed = (await response.json().catch(() => null)) as { error?: SettingsRefusal; track?: Track & { durationSec: number } } | null;
    if (response.ok && parsed?.track) return { ok: true, value: { track: parsed.track } };
    return { ok: false, refusal: { ...(parsed?.error ?? { code: `http_${response.status}`, message: response.statusText }), status: response.status } };
  } catch {
    return { ok: false, refusal: { status: 0, code: 'unreachable', message: '暂时无法连接服务 · The service does not answer.' } };
  }
}

export type MemberImport = MemberImportResult;

/** Sends a members CSV file as it is (text/csv); the answer names each rejected row by its line. */
export async function importMembers(file: File): Promise<Answer<MemberImport>> {
  const token = sessionStore.get()?.token;
  try {
    const response = await fetch('/api/settings/members/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: await file.text(),
    });
    const parsed = (await response.json().catch(() => null)) as (MemberImport & { error?: SettingsRefusal }) | null;
    if (response.ok && parsed) return { ok: true, value: parsed };
    return { ok: false, refusal: { ...(parsed?.error ?? { code: `http_${response.status}`, message: response.statusText }), status: response.status } };
  } catch {
    return { ok: false, refusal: { status: 0, code: 'unreachable', message: '暂时无法连接服务 · The service does not answer.' } };
  }
}

export type SpeechPreview = SpeechPreviewResult;
export const previewSpeech = (text: { zh: string; en: string }) => send<SpeechPreview>('POST', '/api/settings/speech-preview', { text });
/** The speaker's mode: `announcement` while a preview is being said. */
export const audioMode = async () => {
  const answer = await send<{ audio: { mode: string } }>('GET', '/api/audio');
  return answer.ok ? answer.value.audio.mode : null;
};

export type PrinterTest = PrinterTestResult;
export const printTestTicket = () => send<PrinterTest>('POST', '/api/settings/printer/test', {});
