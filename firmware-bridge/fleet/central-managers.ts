import { randomBytes } from 'node:crypto';
import type { CentralConfig, ManagerAccount } from '../../config/schema/central.js';
import { refuse, type Refusal } from '../kernel/refusal.js';
import { LoginLockout } from '../staff/login-lockout.js';
import { verifyPin } from '../staff/pin-hash.js';

export interface Manager {
  user: string;
  /** '*' = every site. */
  sites: readonly string[];
}

const DUMMY_HASH = 'scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** Manager accounts (scrypt hashes in the central file), bearer tokens in memory, the desk's lockout. */
export class ManagerSessions {
  private readonly accounts: Map<string, ManagerAccount>;
  private readonly sessions = new Map<string, { manager: Manager; expiresAt: number }>();
  private readonly lockout: LoginLockout;

  constructor(
    private readonly config: CentralConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.accounts = new Map(config.managers.map((m) => [m.user, m]));
    this.lockout = new LoginLockout(() => config.sessions, now);
  }

  login(user: string, password: string): { token: string; user: string; sites: string[]; expiresAt: string } | Refusal {
    const seconds = this.lockout.lockedFor(user);
    if (seconds > 0) return refuse(429, 'locked_out', `密码错误次数过多，请 ${seconds} 秒后再试 · Too many wrong passwords; try again in ${seconds} s.`);
    const account = this.accounts.get(user);
    // Verify against a dummy hash for unknown users too, so timing does not reveal who exists.
    if (!verifyPin(password, account?.passwordHash ?? DUMMY_HASH) || !account) {
      this.lockout.failed(user);
      return refuse(401, 'wrong_password', '用户名或密码错误 · User or password is wrong.');
    }
    this.lockout.succeeded(user);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + this.config.sessions.ttlMinutes * 60_000;
    this.sessions.set(token, { manager: { user, sites: account.sites }, expiresAt });
    return { token, user, sites: [...account.sites], expiresAt: new Date(expiresAt).toISOString() };
  }

  identify(token: string): Manager | null {
    const session = this.sessions.get(token);
    if (!session) return null;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(token);
      return null;
    }
    return session.manager;
  }
}

export function maySee(manager: Manager, site: string): boolean {
  return manager.sites.includes('*') || manager.sites.includes(site);
}
