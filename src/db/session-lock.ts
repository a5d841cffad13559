import type { Sequelize } from 'sequelize';

type LockConnection = { query(sql: string): Promise<{ rows: Record<string, unknown>[] }> };

export interface SessionLock {
  /** Fails when the connection (and with it the lock) was lost, so a holder stops before acting without it. */
  check(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Takes a session-level advisory lock on a connection of its own (a session lock belongs to one connection), or
 * answers null when another process holds it. Unlike a transaction-scoped lock, holding it keeps no transaction
 * open: the work done under it (calls to Jira or Redis) never leaves a pooled connection `idle in transaction`, and
 * each change it makes commits in its own short transaction. A process that dies loses the lock with its connection.
 */
export async function trySessionLock(sequelize: Sequelize, key: number, wait = false): Promise<SessionLock | null> {
  const connection = (await sequelize.connectionManager.getConnection({ type: 'write' })) as LockConnection;
  const giveBack = () => sequelize.connectionManager.releaseConnection(connection as never);
  try {
    if (wait) {
      await connection.query(`SELECT pg_advisory_lock(${Number(key)})`);
    } else {
      const { rows } = await connection.query(`SELECT pg_try_advisory_lock(${Number(key)}) AS locked`);
      if (rows[0]?.locked !== true) {
        await giveBack();
        return null;
      }
    }
  } catch (error) {
    await giveBack();
    throw error;
  }
  return {
    check: async () => void (await connection.query('SELECT 1')),
    release: async () => {
      await connection.query(`SELECT pg_advisory_unlock(${Number(key)})`).catch(() => undefined);
      await giveBack();
    },
  };
}

/** Runs `work` while holding the lock, waiting for it when another process holds it. */
export async function withSessionLock<T>(sequelize: Sequelize, key: number, work: () => Promise<T>): Promise<T> {
  const lock = (await trySessionLock(sequelize, key, true)) as SessionLock;
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
