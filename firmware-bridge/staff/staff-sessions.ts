import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffConfig, StaffRole } from '../../config/schema/staff.js';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Clock } from '../kernel/clock.js';
import { refuse, type Refusal } from '../kernel/refusal.js';
import { bearerToken } from '../http/bearer-token.js';
import { sendRefusal } from '../http/http-errors.js';
import { verifyPin } from './pin-hash.js';
import { LoginLockout } from './login-lockout.js';

export interface StaffIdentity {
  number: string;
  name: string;
  roles: StaffRole[];
}

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffIdentity;
  }
}

interface Session {
  staff: StaffIdentity;
  expiresAt: number;
}

/**
 * Staff sessions: number + PIN (scrypt hash in config) → bearer token. Repeated wrong PINs lock
 * the number with a doubling back-off. Tokens live in memory: a restart asks staff to log in again.
 */
export class StaffSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly lockout: LoginLockout;
  private staff: Map<string, StaffConfig>;
  private readonly currentConfig: () => FrontdeskConfig;

  constructor(
    config: FrontdeskConfig | (() => FrontdeskConfig),
    private readonly clock: Clock,
  ) {
    this.currentConfig = typeof config === 'function' ? config : () => config;
    this.staff = indexStaff(this.currentConfig());
    this.lockout = new LoginLockout(() => this.config.sessions, () => this.clock.now());
  }

  private get config(): FrontdeskConfig {
    return this.currentConfig();
  }

  /**
   * A new staff list is in force: whoever was removed, deactivated or had the PIN reset (or changed)
   * is logged out at once; everyone else keeps their session.
   */
  follow(next: FrontdeskConfig, previous: FrontdeskConfig): void {
    this.staff = indexStaff(next);
    const before = indexStaff(previous);
    for (const [token, session] of this.sessions) {
      const now = this.staff.get(session.staff.number);
      const then = before.get(session.staff.number);
      if (!now || !now.active || now.pinHash !== then?.pinHash || now.roles.join() !== then?.roles.join()) this.sessions.delete(token);
    }
  }

  /** An active staff member whose PIN was reset (or never set): they choose one at login. */
  needsNewPin(number: string): boolean {
    const member = this.staff.get(number);
    return member !== undefined && member.active && member.pinHash === undefined;
  }

  login(number: string, pin: string): { token: string; staff: StaffIdentity; expiresAt: string } | Refusal {
    const seconds = this.lockout.lockedFor(number);
    if (seconds > 0) {
      return refuse(429, 'locked_out', `密码错误次数过多，请 ${seconds} 秒后再试 · Too many wrong PINs; try again in ${seconds} s.`);
    }
    if (this.needsNewPin(number))
      return refuse(409, 'pin_not_set', '您的密码已被重置，请设置新密码 · Your PIN was reset: choose a new one.');
    const member = this.staff.get(number);
    // Verify against a dummy hash for unknown numbers too, so timing does not reveal who exists.
    const ok = verifyPin(pin, member?.pinHash ?? DUMMY_HASH) && member !== undefined && member.active;
    if (!ok) {
      this.lockout.failed(number);
      return refuse(401, 'wrong_pin', '工号或密码错误 · Staff number or PIN is wrong.');
    }
    this.lockout.succeeded(number);
    return this.open(member);
  }

  /** The session of someone who has just chosen their new PIN (the settings feature stored it). */
  loginWithChosenPin(number: string): { token: string; staff: StaffIdentity; expiresAt: string } | null {
    const member = this.staff.get(number);
    return member?.active && member.pinHash ? this.open(member) : null;
  }

  private open(member: StaffConfig): { token: string; staff: StaffIdentity; expiresAt: string } {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = this.clock.now() + this.config.sessions.ttlMinutes * 60_000;
    const staff = { number: member.number, name: member.name, roles: member.roles };
    this.sessions.set(token, { staff, expiresAt });
    return { token, staff, expiresAt: new Date(expiresAt).toISOString() };
  }

  logout(token: string): void {
    this.sessions.delete(token);
  }

  identify(token: string): StaffIdentity | null {
    const session = this.sessions.get(token);
    if (!session) return null;
    if (session.expiresAt <= this.clock.now()) {
      this.sessions.delete(token);
      return null;
    }
    return session.staff;
  }

  /** Checks a staff member's PIN without opening a session (e.g. an approver's consent). */
  verify(number: string, pin: string, role?: StaffRole): StaffIdentity | null {
    // The same lockout as login: an approver's PIN must not be guessable through this door either.
    if (this.lockout.lockedFor(number) > 0) return null;
    const member = this.staff.get(number);
    if (!member || !member.active || !member.pinHash || !verifyPin(pin, member.pinHash)) {
      this.lockout.failed(number);
      return null;
    }
    this.lockout.succeeded(number);
    if (role && !member.roles.includes(role)) return null;
    return { number: member.number, name: member.name, roles: member.roles };
  }
}

function indexStaff(config: FrontdeskConfig): Map<string, StaffConfig> {
  return new Map(config.staff.map((s) => [s.number, s]));
}

const DUMMY_HASH = 'scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

let current: StaffSessions | null = null;

/** The runtime installs the sessions once; route modules then use `requireStaff`. */
export function installStaffSessions(sessions: StaffSessions): void {
  current = sessions;
}

export function staffSessions(): StaffSessions {
  if (!current) throw new Error('staff sessions are not installed');
  return current;
}

/**
 * The door of a staff route, as its `preValidation` hook: a valid bearer token (and one of `roles`,
 * when given) or 401/403. It runs after the rate limiter (onRequest) and before the body is checked
 * against the route's schema, so a stranger learns nothing about a staff route's input.
 */
export function requireStaff(...roles: StaffRole[]) {
  return async function (request: FastifyRequest, reply: FastifyReply) {
    const token = bearerToken(request);
    const staff = token ? staffSessions().identify(token) : null;
    if (!staff) return sendRefusal(reply, refuse(401, 'not_logged_in', '请先用工号和密码登录 · Please log in with your staff number and PIN.'));
    if (roles.length > 0 && !roles.some((r) => staff.roles.includes(r)))
      return sendRefusal(reply, refuse(403, 'forbidden', `您没有此操作的权限 · This needs the role ${roles.join(' or ')}.`));
    request.staff = staff;
  };
}
