import { locale, t, type StringKey } from '../i18n/index.js';
import { ApiError } from './http.js';

// Codes the screens phrase themselves; anything else falls back on the HTTP status and then
// shows the service's own sentence underneath.
const byCode: Record<string, StringKey> = {
  unreachable: 'errUnreachable',
  hall_closed: 'errHallClosed',
  closed: 'errHallClosed',
  outside_hours: 'errHallClosed',
  wrong_pin: 'errWrongPin',
  invalid_credentials: 'errWrongPin',
  invalid_pin: 'errWrongPin',
  locked_out: 'errLockedOut',
  too_many_attempts: 'errLockedOut',
  speech_unavailable: 'deskSpeechOff',
};

const byStatus: Record<number, StringKey> = {
  400: 'errBadInput',
  401: 'errUnauthorized',
  403: 'errForbidden',
  404: 'errNotFound',
  409: 'errConflict',
  503: 'errDeviceDown',
};

export interface ReadableError {
  /** A polite sentence in the current language. */
  text: string;
  /** The service's own message (often more specific), or '' when it adds nothing. */
  detail: string;
}

/** Turns anything thrown by the API client into words for the screen. */
export function readableError(error: unknown): ReadableError {
  if (error instanceof ApiError) {
    const key = byCode[error.code] ?? byStatus[error.status] ?? 'errUnknown';
    const detail = error.code === 'unreachable' ? '' : inLocale(error.message);
    return { text: t(key), detail };
  }
  return { text: t('errUnknown'), detail: error instanceof Error ? error.message : String(error) };
}

const CJK = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;

/** [zh, en] when `parts` are one Chinese and one non-Chinese sentence. */
function pair(parts: string[]): [string, string] | null {
  if (parts.length !== 2) return null;
  const [a, b] = parts.map((p) => p.trim());
  if (CJK.test(a) && !CJK.test(b)) return [a, b];
  if (CJK.test(b) && !CJK.test(a)) return [b, a];
  return null;
}

/**
 * The service's bilingual sentence in the current language only: "中文 · English" (the usual
 * form), "中文 / English" or "English. 中文。" (a few older ones). Anything else is shown as it is.
 */
export function inLocale(message: string): string {
  const firstCjk = message.search(CJK);
  const found =
    pair(message.split(' · ')) ??
    pair(message.split(' / ')) ??
    // "English. 中文。": the Latin sentence ends before the first Chinese character.
    (firstCjk > 0 && /[.!?)]\s*$/.test(message.slice(0, firstCjk)) && !/[a-z]{2}/i.test(message.slice(firstCjk)) ? pair([message.slice(0, firstCjk), message.slice(firstCjk)]) : null);
  if (!found) return message;
  return locale.get() === 'en' ? found[1] : found[0];
}
