import pg from 'pg';
import type { StoredEvent } from '../kernel/events.js';

/** Versioned schema: each entry runs once, in order, inside a transaction; `schema_migrations` records it. */
const migrations: string[] = [
  `CREATE TABLE events (
     site text NOT NULL,
     id text NOT NULL,
     seq bigint NOT NULL,
     type text NOT NULL,
     at timestamptz NOT NULL,
     payload jsonb NOT NULL,
     received_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (site, id)
   );
   CREATE INDEX events_site_seq ON events (site, seq);
   CREATE INDEX events_site_at ON events (site, at);
   CREATE TABLE site_state (
     site text NOT NULL,
     topic text NOT NULL,
     payload jsonb NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (site, topic)
   );
   CREATE TABLE sites (
     site text PRIMARY KEY,
     last_seen timestamptz NOT NULL,
     contiguous_through bigint,
     scanned boolean NOT NULL DEFAULT false
   );
   CREATE TABLE seq_gaps (
     site text NOT NULL,
     from_seq bigint NOT NULL,
     to_seq bigint NOT NULL,
     detected_at timestamptz NOT NULL DEFAULT now(),
     filled_at timestamptz,
     PRIMARY KEY (site, from_seq)
   );
   CREATE TABLE alerts (
     site text NOT NULL,
     id text NOT NULL,
     at timestamptz NOT NULL,
     payload jsonb NOT NULL,
     PRIMARY KEY (site, id)
   );`,
  // Manager sessions are shared: a token from one worker is good at every other (one proxy, N workers).
  `CREATE TABLE manager_sessions (
     token_hash text PRIMARY KEY,
     manager text NOT NULL,
     expires_at timestamptz NOT NULL
   );`,
  // The login lockout is shared too, or N workers behind one proxy would allow N times the tries.
  `CREATE TABLE manager_login_failures (
     name text PRIMARY KEY,
     count int NOT NULL,
     locked_until timestamptz NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now()
   );`,
];

/** An event as it arrives on `…/event/{type}`: `{id, seq, type, at, …payload}` (sanitized at the site). */
export interface EventMessage {
  id: string;
  seq: number;
  type: string;
  at: string;
  [field: string]: unknown;
}

export interface StateRow {
  topic: string;
  payload: Record<string, unknown>;
  updatedAt: string;
}

export interface GapRow {
  fromSeq: number;
  toSeq: number;
  detectedAt: string;
  filledAt: string | null;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** Central's PostgreSQL: events exactly once per (site, id), the latest state per site, seq gaps. */
export class CentralStore {
  private constructor(readonly pool: pg.Pool) {}

  static async open(url: string): Promise<CentralStore> {
    const pool = new pg.Pool({ connectionString: url, max: 12 });
    pool.on('error', () => {}); // an idle client's broken connection: the next query reconnects
    const store = new CentralStore(pool);
    await store.migrate();
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // Several workers start together: one migrates, the others wait for its lock.
      await client.query('SELECT pg_advisory_lock(7215001)');
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
      for (let version = (rows[0].v ?? 0) + 1; version <= migrations.length; version++) {
        await client.query('BEGIN');
        await client.query(migrations[version - 1]);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        await client.query('COMMIT');
      }
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      await client.query('SELECT pg_advisory_unlock(7215001)').catch(() => {});
      client.release();
    }
  }

  /** Stores one event; false when it was already there (a redelivery). Committed when it returns. */
  async addEvent(site: string, event: EventMessage): Promise<boolean> {
    const { id, seq, type, at, ...payload } = event;
    const { rowCount } = await this.pool.query(
      `WITH ins AS (
         INSERT INTO events (site, id, seq, type, at, payload) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (site, id) DO NOTHING RETURNING seq
       ), seen AS (
         -- A site's first events set where the gap scan starts (the lowest seq seen before the first
         -- scan; workers deliver out of order). Later events write nothing here: no row version each.
         INSERT INTO sites (site, last_seen, contiguous_through) VALUES ($1, now(), $3 - 1)
         ON CONFLICT (site) DO UPDATE SET contiguous_through = $3 - 1 WHERE NOT sites.scanned AND sites.contiguous_through > $3 - 1
       )
       SELECT seq FROM ins`,
      [site, id, seq, type, at, payload],
    );
    return rowCount === 1;
  }

  async setState(site: string, topic: string, payload: Record<string, unknown>): Promise<void> {
    await this.pool.query(
      `WITH s AS (
         INSERT INTO site_state (site, topic, payload, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (site, topic) DO UPDATE SET payload = EXCLUDED.payload, updated_at = now()
       )
       INSERT INTO sites (site, last_seen) VALUES ($1, now()) ON CONFLICT (site) DO UPDATE SET last_seen = now()`,
      [site, topic, payload],
    );
  }

  async addAlert(site: string, alert: { id: string; at: string }): Promise<void> {
    await this.pool.query('INSERT INTO alerts (site, id, at, payload) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [site, alert.id, alert.at, alert]);
  }

  async siteIds(): Promise<string[]> {
    const { rows } = await this.pool.query<{ site: string }>('SELECT site FROM sites ORDER BY site');
    return rows.map((r) => r.site);
  }

  /** The last message of any kind: the newest event row or state (sites.last_seen: the newest state). */
  async lastSeen(site: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ t: Date | null }>(
      `SELECT greatest((SELECT last_seen FROM sites WHERE site = $1), (SELECT received_at FROM events WHERE site = $1 ORDER BY seq DESC LIMIT 1)) AS t`,
      [site],
    );
    return iso(rows[0].t);
  }

  async states(site: string): Promise<StateRow[]> {
    const { rows } = await this.pool.query<{ topic: string; payload: Record<string, unknown>; updated_at: Date }>('SELECT topic, payload, updated_at FROM site_state WHERE site = $1', [site]);
    return rows.map((r) => ({ topic: r.topic, payload: r.payload, updatedAt: r.updated_at.toISOString() }));
  }

  async alerts(site: string, limit: number): Promise<Record<string, unknown>[]> {
    const { rows } = await this.pool.query<{ payload: Record<string, unknown> }>('SELECT payload FROM alerts WHERE site = $1 ORDER BY at DESC LIMIT $2', [site, limit]);
    return rows.map((r) => r.payload);
  }

  /** A site's events whose time falls in [startMs, endMs), in seq order, as the desk stored them. */
  async events(site: string, startMs: number, endMs: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<{ id: string; seq: string; type: string; at: Date; payload: Record<string, unknown> }>(
      'SELECT id, seq, type, at, payload FROM events WHERE site = $1 AND at >= $2 AND at < $3 ORDER BY seq',
      [site, new Date(startMs), new Date(endMs)],
    );
    return rows.map((r) => ({ id: r.id, seq: Number(r.seq), type: r.type, at: r.at.toISOString(), payload: r.payload }) as StoredEvent);
  }

  async recentEvents(site: string, limit: number): Promise<{ id: string; seq: number; type: string; at: string }[]> {
    const { rows } = await this.pool.query<{ id: string; seq: string; type: string; at: Date }>('SELECT id, seq, type, at FROM events WHERE site = $1 ORDER BY seq DESC LIMIT $2', [site, limit]);
    return rows.map((r) => ({ id: r.id, seq: Number(r.seq), type: r.type, at: r.at.toISOString() }));
  }

  async lastSeq(site: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ s: string | null }>('SELECT max(seq) AS s FROM events WHERE site = $1', [site]);
    return rows[0].s === null ? null : Number(rows[0].s);
  }

  async countEvents(site: string, sinceMs: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE site = $1 AND at >= $2', [site, new Date(sinceMs)]);
    return Number(rows[0].n);
  }

  async gaps(site: string): Promise<GapRow[]> {
    const { rows } = await this.pool.query<{ from_seq: string; to_seq: string; detected_at: Date; filled_at: Date | null }>(
      'SELECT from_seq, to_seq, detected_at, filled_at FROM seq_gaps WHERE site = $1 ORDER BY from_seq DESC LIMIT 100',
      [site],
    );
    return rows.map((r) => ({ fromSeq: Number(r.from_seq), toSeq: Number(r.to_seq), detectedAt: r.detected_at.toISOString(), filledAt: iso(r.filled_at) }));
  }

  /**
   * Walks a site's seqs from where the last scan stopped and records each hole as a gap once a later
   * event is `graceSec` old (the workers of a shared subscription deliver out of order, so a fresh
   * hole is usually just in flight). Marks earlier gaps filled when their events arrived after all.
   * Returns the gaps it recorded. Row-locked, so concurrent workers record each gap once.
   */
  async scanGaps(site: string, graceSec: number): Promise<{ fromSeq: number; toSeq: number }[]> {
    const client = await this.pool.connect();
    const found: { fromSeq: number; toSeq: number }[] = [];
    try {
      await client.query('BEGIN');
      const head = await client.query<{ c: string | null }>('SELECT contiguous_through AS c FROM sites WHERE site = $1 FOR UPDATE', [site]);
      if (head.rows.length === 0 || head.rows[0].c === null) {
        await client.query('COMMIT');
        return found;
      }
      let through = Number(head.rows[0].c);
      const { rows } = await client.query<{ seq: string; old: boolean }>(
        `SELECT seq, received_at < now() - make_interval(secs => $3) AS old FROM events WHERE site = $1 AND seq > $2 ORDER BY seq`,
        [site, through, graceSec],
      );
      for (const row of rows) {
        const seq = Number(row.seq);
        if (seq > through + 1) {
          if (!row.old) break;
          found.push({ fromSeq: through + 1, toSeq: seq - 1 });
          await client.query('INSERT INTO seq_gaps (site, from_seq, to_seq) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [site, through + 1, seq - 1]);
        }
        through = seq;
      }
      if (rows.length) await client.query('UPDATE sites SET contiguous_through = $2, scanned = true WHERE site = $1', [site, through]);
      await client.query(
        `UPDATE seq_gaps g SET filled_at = now() WHERE g.site = $1 AND g.filled_at IS NULL
           AND (SELECT count(*) FROM events e WHERE e.site = g.site AND e.seq BETWEEN g.from_seq AND g.to_seq) = g.to_seq - g.from_seq + 1`,
        [site],
      );
      await client.query('COMMIT');
      return found;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** Events past the contiguous head: the gap scan has more to look at. */
  async hasUnscanned(site: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ x: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM events e JOIN sites s ON s.site = e.site WHERE e.site = $1 AND e.seq > s.contiguous_through) AS x',
      [site],
    );
    return rows[0].x;
  }

  async openGapCount(site: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM seq_gaps WHERE site = $1 AND filled_at IS NULL', [site]);
    return Number(rows[0].n);
  }

  async saveSession(tokenHash: string, manager: string, expiresAt: number): Promise<void> {
    await this.pool.query('DELETE FROM manager_sessions WHERE expires_at < now()');
    await this.pool.query('INSERT INTO manager_sessions (token_hash, manager, expires_at) VALUES ($1, $2, $3)', [tokenHash, manager, new Date(expiresAt)]);
  }

  /** Until when (ms) a login name is locked out; 0 when it may try now. */
  async loginLockedUntil(name: string): Promise<number> {
    const { rows } = await this.pool.query<{ until: Date }>('SELECT locked_until AS until FROM manager_login_failures WHERE name = $1', [name]);
    return rows[0] ? rows[0].until.getTime() : 0;
  }

  /** Counts a wrong password for `name` (atomically, whichever worker saw it) and sets its lock. */
  async loginFailed(name: string, lockedUntil: (count: number) => number): Promise<void> {
    // Names nobody has tried for a day are forgotten, so guessed names do not pile up.
    await this.pool.query("DELETE FROM manager_login_failures WHERE updated_at < now() - interval '1 day'");
    const { rows } = await this.pool.query<{ count: number }>(
      `INSERT INTO manager_login_failures (name, count, locked_until) VALUES ($1, 1, to_timestamp(0))
       ON CONFLICT (name) DO UPDATE SET count = manager_login_failures.count + 1, updated_at = now() RETURNING count`,
      [name],
    );
    await this.pool.query('UPDATE manager_login_failures SET locked_until = $2 WHERE name = $1', [name, new Date(lockedUntil(rows[0].count))]);
  }

  async loginSucceeded(name: string): Promise<void> {
    await this.pool.query('DELETE FROM manager_login_failures WHERE name = $1', [name]);
  }

  /** The manager of a live session, or null. */
  async sessionManager(tokenHash: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ manager: string }>('SELECT manager FROM manager_sessions WHERE token_hash = $1 AND expires_at > now()', [tokenHash]);
    return rows[0]?.manager ?? null;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
