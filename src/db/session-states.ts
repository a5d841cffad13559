import pg from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { EndReason, GrantStatus } from '../domain/grant.ts';
import type { AccessLevel } from '../domain/policy/access-policy.ts';
import { isFinal, type SessionState } from '../domain/session-check.ts';
import type { GrantReference } from '../domain/short-code.ts';
import type { Logger } from '../logger.ts';

/** The channel of migrations/20261206006100-session-state-notify.ts (payload: 20261207004100-…-access-level.ts). */
export const SESSION_STATE_CHANNEL = 'session_state';
/** The channel of migrations/20261207004200-api-token-notify.ts: a token's hash whenever it stops being valid as was. */
export const API_TOKEN_CHANNEL = 'api_token_changed';
/** Shown in pg_stat_activity, so an operator can tell this connection from the pool's. */
const APPLICATION_NAME = 'grantdesk-session-states';
/** Reconnect quickly at first (a restarted Postgres is usually back within a second), then every 5 s at most. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;
/**
 * Sessions that can still change (PENDING, ACTIVE) are always kept; final ones are kept for repeated checks up to
 * this many, the oldest forgotten first. About 200 bytes each: 50,000 is ~10 MB per replica.
 */
const MAX_ENTRIES = 50_000;

const COLUMNS = 'id, short_code, tenant, target_user, status, expires_at, end_reason, access_level';

interface StateRow {
  id: string;
  short_code: string;
  tenant: string;
  target_user: string | null;
  status: GrantStatus;
  expires_at: Date | string | null;
  end_reason: EndReason | null;
  access_level: AccessLevel;
}

const fromRow = (row: StateRow): SessionState => ({
  id: row.id,
  shortCode: row.short_code,
  tenant: row.tenant,
  targetUser: row.target_user,
  status: row.status,
  expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
  endReason: row.end_reason,
  accessLevel: row.access_level,
});

type Notified = Omit<SessionState, 'expiresAt' | 'accessLevel'> & {
  expiresAt: string | null;
  accessLevel?: AccessLevel;
};

/**
 * Every session's gate state in memory, kept current by Postgres notifications (one dedicated LISTEN connection per
 * replica), so the console gate costs no query. Whenever that connection is down, nothing said in the meantime can
 * be trusted: lookups go to the database until it is back, and reconnecting LISTENs first and then reloads every
 * session that can still change, so no transition is missed.
 */
export class SessionStates {
  private readonly byId = new Map<string, SessionState>();
  private readonly idByShortCode = new Map<string, string>();
  private client: pg.Client | null = null;
  private isLive = false;
  private closed = false;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly tokenListeners = new Set<(tokenHash: string) => void>();
  private connectionCount = 0;

  constructor(private readonly deps: { databaseUrl: string; sequelize: Sequelize; logger: Logger }) {}

  /** Connects and loads; resolves once memory is current, or once the first attempt failed (lookups then query). */
  start(): Promise<void> {
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** True while memory is current (the LISTEN connection is up and loaded). */
  get live(): boolean {
    return this.isLive;
  }

  /**
   * Counts the times memory became current: anything learnt under an earlier connection may have missed a
   * notification while it was down (the API's token cache keys its entries with this).
   */
  get epoch(): number {
    return this.connectionCount;
  }

  /** The session's state: from memory while live, else (or for a final session not seen yet) from the database. */
  async lookup(reference: GrantReference): Promise<SessionState | undefined> {
    if (this.isLive) {
      const id = reference.kind === 'id' ? reference.id : this.idByShortCode.get(reference.shortCode);
      const known = id === undefined ? undefined : this.byId.get(id);
      if (known) return known;
    }
    const column = reference.kind === 'id' ? 'id' : 'short_code';
    const rows = await this.deps.sequelize.query<StateRow>(`SELECT ${COLUMNS} FROM grants WHERE ${column} = $1`, {
      bind: [reference.kind === 'id' ? reference.id : reference.shortCode],
      type: QueryTypes.SELECT,
    });
    const state = rows[0] ? fromRow(rows[0]) : undefined;
    // A session that can still change is only ever learnt from a notification or a reload, never from a read that
    // a notification may already have overtaken.
    if (state && this.isLive && isFinal(state.status)) this.remember(state);
    return state;
  }

  /** Calls `listener` after every change this replica learns of (and after a reload); returns how to stop. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The same connection carries API token changes (a hash each), so the token cache needs none of its own. */
  onApiTokenChange(listener: (tokenHash: string) => void): () => void {
    this.tokenListeners.add(listener);
    return () => this.tokenListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.isLive = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.connecting;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.deps.databaseUrl,
      keepAlive: true,
      application_name: APPLICATION_NAME,
    });
    // Until the reload below is done, notifications wait here, then apply in commit order on top of it.
    let buffered: string[] | null = [];
    client.on('notification', (message) => {
      if (message.channel === API_TOKEN_CHANNEL && message.payload) {
        for (const listener of this.tokenListeners) listener(message.payload);
        return;
      }
      if (message.channel !== SESSION_STATE_CHANNEL || !message.payload) return;
      if (buffered) buffered.push(message.payload);
      else {
        this.apply(message.payload);
        this.changed();
      }
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      this.client = client;
      await client.query(`LISTEN ${SESSION_STATE_CHANNEL}; LISTEN ${API_TOKEN_CHANNEL}`);
      const { rows } = await client.query<StateRow>(
        `SELECT ${COLUMNS} FROM grants WHERE status IN ('PENDING', 'ACTIVE')`,
      );
      this.reload(rows.map(fromRow));
      for (const payload of buffered) this.apply(payload);
      buffered = null;
      if (this.closed || this.client !== client) return;
      this.isLive = true;
      this.connectionCount += 1;
      this.retryMs = FIRST_RETRY_MS;
      this.changed();
      this.deps.logger.debug({ sessions: rows.length }, 'session states loaded');
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client && this.client !== null) return;
    const wasLive = this.isLive;
    this.isLive = false;
    this.client = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.closed || this.retryTimer) return;
    if (wasLive) this.deps.logger.warn({ err: error.message }, 'session state LISTEN connection lost; reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.start();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Keeps the final sessions already known (they cannot have changed) and replaces every other one. */
  private reload(changeable: SessionState[]): void {
    for (const state of [...this.byId.values()]) if (!isFinal(state.status)) this.forget(state);
    for (const state of changeable) this.remember(state);
  }

  private apply(payload: string): void {
    try {
      const notified = JSON.parse(payload) as Notified;
      // A notification from before the access level was sent (a replica newer than the database) means read.
      const accessLevel = notified.accessLevel ?? 'read';
      const expiresAt = notified.expiresAt === null ? null : new Date(notified.expiresAt);
      this.remember({ ...notified, accessLevel, expiresAt });
    } catch (error) {
      this.deps.logger.error({ err: (error as Error).message, payload }, 'unreadable session state notification');
    }
  }

  private remember(state: SessionState): void {
    this.byId.delete(state.id);
    this.byId.set(state.id, state);
    this.idByShortCode.set(state.shortCode, state.id);
    if (this.byId.size > MAX_ENTRIES) this.forgetOldestFinal();
  }

  private forget(state: SessionState): void {
    this.byId.delete(state.id);
    this.idByShortCode.delete(state.shortCode);
  }

  private forgetOldestFinal(): void {
    for (const state of this.byId.values()) {
      if (this.byId.size <= MAX_ENTRIES * 0.9) return;
      if (isFinal(state.status)) this.forget(state);
    }
  }
}
