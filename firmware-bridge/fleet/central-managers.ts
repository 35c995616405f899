import { createHash, randomBytes } from 'node:crypto';
import type { CentralConfig, ManagerAccount } from '../../config/schema/central.js';
import { refuse, type Refusal } from '../kernel/refusal.js';
import { lockedUntilAfter } from '../staff/login-lockout.js';
import { verifyPin } from '../staff/pin-hash.js';
import type { CentralStore } from './central-store.js';

export interface Manager {
  user: string;
  /** '*' = every site. */
  sites: readonly string[];
}

const DUMMY_HASH = 'scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Manager accounts (scrypt hashes in the central file) and the desk's lockout rule. Sessions and
 * wrong-password counts live in PostgreSQL, so every worker behind the proxy shares them; an
 * account's sites are read from the config at each request.
 */
export class ManagerSessions {
  private readonly accounts: Map<string, ManagerAccount>;

  constructor(
    private readonly config: CentralConfig,
    private readonly store: CentralStore,
    private readonly now: () => number = Date.now,
  ) {
    this.accounts = new Map(config.managers.map((m) => [m.user, m]));
  }

  async login(user: string, password: string): Promise<{ token: string; user: string; sites: string[]; expiresAt: string } | Refusal> {
    const seconds = Math.ceil(((await this.store.loginLockedUntil(user)) - this.now()) / 1000);
    if (seconds > 0) return refuse(429, 'locked_out', `密码错误次数过多，请 ${seconds} 秒后再试 · Too many wrong passwords; try again in ${seconds} s.`);
    const account = this.accounts.get(user);
    // Verify against a dummy hash for unknown users too, so timing does not reveal who exists.
    if (!verifyPin(password, account?.passwordHash ?? DUMMY_HASH) || !account) {
      await this.store.loginFailed(user, (count) => lockedUntilAfter(count, this.config.sessions, this.now()));
      return refuse(401, 'wrong_password', '用户名或密码错误 · User or password is wrong.');
    }
    await this.store.loginSucceeded(user);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + this.config.sessions.ttlMinutes * 60_000;
    await this.store.saveSession(hashToken(token), user, expiresAt);
    return { token, user, sites: [...account.sites], expiresAt: new Date(expiresAt).toISOString() };
  }

  async identify(token: string): Promise<Manager | null> {
    if (!token) return null;
    const user = await this.store.sessionManager(hashToken(token));
    const account = user === null ? undefined : this.accounts.get(user);
    return account ? { user: account.user, sites: account.sites } : null;
  }
}

export function maySee(manager: Manager, site: string): boolean {
  return manager.sites.includes('*') || manager.sites.includes(site);
}
