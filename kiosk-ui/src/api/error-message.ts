import { t, type StringKey } from '../i18n/index.js';
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
    const detail = error.code === 'unreachable' ? '' : error.message;
    return { text: t(key), detail };
  }
  return { text: t('errUnknown'), detail: error instanceof Error ? error.message : String(error) };
}
