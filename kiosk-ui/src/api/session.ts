import { request } from './http.js';
import { sessionStore } from './session-store.js';
import type { ChoosePinRequest, LoginRequest, Session } from '../../../firmware-bridge/contract.js';

export { currentSession, sessionStore } from './session-store.js';

/** Logs a staff member in with number + PIN and stores the token. */
export async function login(staff: string, pin: string): Promise<Session> {
  const session = await request<Session>('POST', '/api/session', { staff, pin } satisfies LoginRequest);
  sessionStore.set(session);
  return session;
}

/** After a manager reset the PIN: the person chooses a new one and is logged in with it. */
export async function choosePin(staff: string, pin: string): Promise<Session> {
  const session = await request<Session>('POST', '/api/session/pin', { staff, pin } satisfies ChoosePinRequest);
  sessionStore.set(session);
  return session;
}

export function logout(): void {
  sessionStore.set(null);
}
