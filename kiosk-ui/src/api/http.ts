import type { ErrorAnswer } from '../../../firmware-bridge/contract.js';
import { serverReachable } from './connectivity.js';
import { sessionStore } from './session-store.js';

/** A refused or failed request, carrying the contract's `{error:{code,message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  /** Send the staff token (counter routes); a 401 answer logs the staff member out. */
  auth?: boolean;
  /** Send this token instead (the manager dashboard's own session); a 401 is left to the caller. */
  token?: string;
  signal?: AbortSignal;
}

/** One JSON request to the service. Resolves with the parsed body, rejects with ApiError. */
export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = options.token ?? (options.auth ? sessionStore.get()?.token : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    serverReachable.set(false);
    throw new ApiError(0, 'unreachable', 'The service does not answer.');
  }
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    // 503 with a contract error body is a device refusal, not an unreachable server.
    const text = await response.text();
    const parsed = parseError(text);
    if (!parsed) {
      serverReachable.set(false);
      throw new ApiError(0, 'unreachable', 'The service does not answer.');
    }
    serverReachable.set(true);
    throw new ApiError(response.status, parsed.code, parsed.message);
  }
  serverReachable.set(true);
  const text = await response.text();
  if (!response.ok) {
    const parsed = parseError(text);
    // A PIN typed on a form (the handover's two PINs) being wrong does not end the session.
    if (response.status === 401 && options.auth && !parsed?.code.endsWith('_pin_wrong')) sessionStore.set(null);
    throw new ApiError(response.status, parsed?.code ?? `http_${response.status}`, parsed?.message ?? response.statusText);
  }
  return (text ? JSON.parse(text) : null) as T;
}

function parseError(text: string): { code: string; message: string } | null {
  try {
    // A proxy may answer with something else: check before trusting the contract's shape.
    const body = JSON.parse(text) as Partial<ErrorAnswer> | null;
    if (body?.error && typeof body.error.code === 'string') {
      return { code: body.error.code, message: String(body.error.message ?? body.error.code) };
    }
  } catch {
    /* not JSON: a proxy page or an empty body */
  }
  return null;
}

/** Downloads what `path` answers (a CSV export) as a file named `filename`, sending the token. */
export async function downloadFile(path: string, token: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, response.statusText);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
