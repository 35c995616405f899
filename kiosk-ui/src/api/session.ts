import { request } from './http.js';
import { sessionStore } from './session-store.js';
import type { LoginRequest, Session } from '../../../firmware-bridge/contract.js';

export { currentSession, sessionStore } from './session-store.js';

/** Logs a staff member in with number + PIN and stores the token. */
export async function login(staff: string, pin: string): Promise<Session> {
  const session = await request<Session>('POST', '/api/session', { staff, pin } satisfies LoginRequest);
  sessionStore.set(session);
  return session;
}

export function logout(): void {
  sessionStore.set(null);
}
