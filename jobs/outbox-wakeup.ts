import pg from 'pg';
import type { Logger } from '../src/logger.ts';

/** The channel the outbox trigger notifies (migrations/20261122000200-outbox-notify.ts). */
export const OUTBOX_CHANNEL = 'outbox';
/** After the LISTEN connection fails, wait this long before reconnecting; polling covers the gap. */
const RECONNECT_AFTER_MS = 5_000;

/**
 * Wakes the relay as soon as a transaction that wrote to the outbox commits (Postgres delivers a NOTIFY at commit),
 * so a side effect leaves within milliseconds rather than at the next poll. Purely a latency aid: when the LISTEN
 * connection is down, `wait` simply times out and the relay polls.
 */
export class OutboxWakeup {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectAt = 0;
  private pending = false;
  private wake: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {}

  /** Resolves at the next notification (or one that arrived since the last wait), or after `ms`. */
  async wait(ms: number): Promise<void> {
    await this.listen();
    if (this.pending || this.closed) {
      this.pending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.notified(), ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.notified();
    await this.connecting;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private notified(): void {
    const wake = this.wake;
    this.wake = null;
    if (wake) wake();
    else this.pending = true;
  }

  private listen(): Promise<void> {
    if (this.client || this.closed || Date.now() < this.reconnectAt) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true });
    client.on('notification', () => this.notified());
    client.on('error', (error) => {
      this.logger.warn({ err: error.message }, 'outbox LISTEN connection lost; polling until it is back');
      if (this.client === client) this.client = null;
      this.reconnectAt = Date.now() + RECONNECT_AFTER_MS;
      client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (this.closed) await client.end();
      else this.client = client;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'cannot LISTEN for outbox writes; polling instead');
      this.reconnectAt = Date.now() + RECONNECT_AFTER_MS;
      await client.end().catch(() => undefined);
    }
  }
}
