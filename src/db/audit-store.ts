import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { hashOf } from '../domain/audit-chain.ts';
import type { AuditEvent, AuditEventDraft, AuditEventType, Severity } from '../domain/audit-event.ts';
import type { Actor } from '../domain/grant.ts';
import { jsonText } from '../domain/json-text.ts';
import type { AuditAppender, IdSource } from '../domain/ports.ts';
import { findUnstorableText, unstorableTextError } from '../domain/storable-text.ts';
import { timePhase } from '../phase-times.ts';
import type { Row } from './models.ts';

const COLUMNS = `seq, id, occurred_at AS "occurredAt", type, severity, actor, tenant, grant_id AS "grantId", before, after,
  ip_address AS "ipAddress", user_agent AS "userAgent", details, prev_hash AS "prevHash", hash`;

export function auditEventFromRow(row: Row): AuditEvent {
  return {
    seq: Number(row.seq),
    id: String(row.id),
    occurredAt: new Date(row.occurredAt as string),
    type: row.type as AuditEventType,
    severity: row.severity as Severity,
    actor: row.actor as Actor,
    tenant: (row.tenant as string | null) ?? null,
    grantId: (row.grantId as string | null) ?? null,
    before: (row.before as Record<string, unknown> | null) ?? null,
    after: (row.after as Record<string, unknown> | null) ?? null,
    ipAddress: (row.ipAddress as string | null) ?? null,
    userAgent: (row.userAgent as string | null) ?? null,
    details: row.details as Record<string, unknown>,
    prevHash: String(row.prevHash),
    hash: String(row.hash),
  };
}

/**
 * JSON round-trips through jsonb: values are stored as the hash saw them (dates as ISO strings), so a row read back
 * hashes to the same value.
 */
function asStored<T>(value: T): T {
  return value === null ? value : (JSON.parse(jsonText(value, { sortKeys: false })) as T);
}

/**
 * The last guard of the chain: an event with text Postgres would refuse or change (storable-text.ts) is refused
 * whole, with the field named, before it is hashed. Every input path checks its own fields first with a message
 * for its users; this makes sure no path, present or future, can store a row that no longer matches its hash.
 */
function refuseUnstorable(draft: AuditEventDraft): void {
  const { type, actor, tenant, grantId, before, after, ipAddress, userAgent, details } = draft;
  const field = findUnstorableText({ type, actor, tenant, grantId, before, after, ipAddress, userAgent, details });
  if (field) throw unstorableTextError(field);
}

/**
 * Appends to the hash chain inside the caller's transaction. The chain head row is locked FOR UPDATE, which orders
 * concurrent appends: each sees the hash its predecessor committed, and waiters queue in arrival order. The lock is
 * held from that read to commit, so the rows and the new head go in one statement, and callers append last, just
 * before commit. (Hashing against an expected head and moving it with a conditional UPDATE, to skip the locking read,
 * measured slower with concurrent writers: every commit sends the losers round again.)
 */
export class AuditStore implements AuditAppender {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly transaction: Transaction,
    private readonly ids: IdSource,
  ) {}

  async append(drafts: AuditEventDraft[]): Promise<AuditEvent[]> {
    if (drafts.length === 0) return [];
    drafts.forEach(refuseUnstorable);
    const [head] = await timePhase('transaction: chain-head lock', () =>
      this.sequelize.query<{ seq: string; hash: string }>(
        'SELECT head_seq AS seq, head_hash AS hash FROM audit_chain WHERE id = 1 FOR UPDATE',
        { type: QueryTypes.SELECT, transaction: this.transaction },
      ),
    );
    if (!head) throw new Error('audit_chain has no head row: run grantdesk migrate');
    let seq = Number(head.seq);
    let prevHash = head.hash;
    const events: AuditEvent[] = drafts.map((draft) => {
      seq += 1;
      const unhashed = {
        ...draft,
        id: draft.id || this.ids.uuid(),
        occurredAt: new Date(draft.occurredAt),
        actor: asStored(draft.actor),
        before: asStored(draft.before),
        after: asStored(draft.after),
        details: asStored(draft.details),
        seq,
        prevHash,
      };
      const event = { ...unhashed, hash: hashOf(unhashed) };
      prevHash = event.hash;
      return event;
    });
    const values: unknown[] = [seq, prevHash];
    const tuples = events.map((e) => {
      const base = values.length;
      values.push(
        e.seq,
        e.id,
        e.occurredAt,
        e.type,
        e.severity,
        jsonText(e.actor, { sortKeys: false }),
        e.tenant,
        e.grantId,
      );
      values.push(
        json(e.before),
        json(e.after),
        e.ipAddress,
        e.userAgent,
        jsonText(e.details, { sortKeys: false }),
        e.prevHash,
        e.hash,
      );
      return `(${Array.from({ length: 15 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    await this.sequelize.query(
      `WITH appended AS (
         INSERT INTO audit_events (seq, id, occurred_at, type, severity, actor, tenant, grant_id, before, after,
           ip_address, user_agent, details, prev_hash, hash) VALUES ${tuples.join(', ')}
       )
       UPDATE audit_chain SET head_seq = $1, head_hash = $2 WHERE id = 1`,
      { bind: values, transaction: this.transaction },
    );
    return events;
  }
}

const json = (value: unknown) => (value === null ? null : jsonText(value, { sortKeys: false }));

/** Which events a listing or an export wants; every field narrows it. Times are [start, end) on occurredAt. */
export interface AuditFilter {
  types?: readonly AuditEventType[];
  tenant?: string | null;
  /** An actor id, or an email when it contains an @. */
  actor?: string;
  start?: Date;
  end?: Date;
}

function filterClause(filter: AuditFilter, bind: unknown[]): string {
  const where: string[] = [];
  const param = (value: unknown) => {
    bind.push(value);
    return `$${bind.length}`;
  };
  if (filter.types?.length === 1) where.push(`type = ${param(filter.types[0])}`);
  else if (filter.types?.length) where.push(`type = ANY(${param(filter.types)}::text[])`);
  if (filter.tenant) where.push(`tenant = ${param(filter.tenant)}`);
  if (filter.actor) where.push(`actor->>'${filter.actor.includes('@') ? 'email' : 'id'}' = ${param(filter.actor)}`);
  if (filter.start) where.push(`occurred_at >= ${param(filter.start)}`);
  if (filter.end) where.push(`occurred_at < ${param(filter.end)}`);
  return where.map((condition) => ` AND ${condition}`).join('');
}

/** Reads of the trail in chain order. */
export class AuditQueries {
  constructor(private readonly sequelize: Sequelize) {}

  async chainState(): Promise<{ headSeq: number; headHash: string; checkpointSeq: number; checkpointHash: string }> {
    const [row] = await this.sequelize.query<Row>(
      `SELECT head_seq AS "headSeq", head_hash AS "headHash", checkpoint_seq AS "checkpointSeq",
         checkpoint_hash AS "checkpointHash" FROM audit_chain WHERE id = 1`,
      { type: QueryTypes.SELECT },
    );
    if (!row) throw new Error('audit_chain has no head row: run grantdesk migrate');
    return {
      headSeq: Number(row.headSeq),
      headHash: String(row.headHash),
      checkpointSeq: Number(row.checkpointSeq),
      checkpointHash: String(row.checkpointHash),
    };
  }

  /** Events with seq > afterSeq, in order, batch by batch (keyset pagination keeps memory flat). */
  async *inOrder(afterSeq = 0, batchSize = 5_000): AsyncGenerator<AuditEvent[]> {
    let cursor = afterSeq;
    for (;;) {
      const rows = await this.sequelize.query<Row>(
        `SELECT ${COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2`,
        { bind: [cursor, batchSize], type: QueryTypes.SELECT },
      );
      if (rows.length === 0) return;
      const events = rows.map(auditEventFromRow);
      yield events;
      cursor = events[events.length - 1]!.seq;
    }
  }

  /** Up to `limit` events after `afterSeq` that match, in seq order: one keyset page, whatever the trail's size. */
  async page(filter: AuditFilter, afterSeq: number, limit: number): Promise<AuditEvent[]> {
    const bind: unknown[] = [afterSeq, limit];
    const rows = await this.sequelize.query<Row>(
      `SELECT ${COLUMNS} FROM audit_events WHERE seq > $1${filterClause(filter, bind)} ORDER BY seq LIMIT $2`,
      { bind, type: QueryTypes.SELECT },
    );
    return rows.map(auditEventFromRow);
  }

  async byId(id: string): Promise<AuditEvent | undefined> {
    const rows = await this.sequelize.query<Row>(`SELECT ${COLUMNS} FROM audit_events WHERE id = $1`, {
      bind: [id],
      type: QueryTypes.SELECT,
    });
    return rows[0] ? auditEventFromRow(rows[0]) : undefined;
  }

  async byGrant(grantId: string): Promise<AuditEvent[]> {
    const rows = await this.sequelize.query<Row>(
      `SELECT ${COLUMNS} FROM audit_events WHERE grant_id = $1 ORDER BY seq`,
      {
        bind: [grantId],
        type: QueryTypes.SELECT,
      },
    );
    return rows.map(auditEventFromRow);
  }

  async bySeq(seq: number): Promise<AuditEvent | undefined> {
    const rows = await this.sequelize.query<Row>(`SELECT ${COLUMNS} FROM audit_events WHERE seq = $1`, {
      bind: [seq],
      type: QueryTypes.SELECT,
    });
    return rows[0] ? auditEventFromRow(rows[0]) : undefined;
  }
}
