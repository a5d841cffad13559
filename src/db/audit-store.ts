import { QueryTypes, type Sequelize, type Transaction, UniqueConstraintError } from 'sequelize';
import { canonicalHead, canonicalTail, hashOf } from '../domain/audit-chain.ts';
import type { AuditEvent, AuditEventDraft, AuditEventType, Severity } from '../domain/audit-event.ts';
import { DuplicateEventIdError } from '../domain/errors.ts';
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
 * Appends to the hash chain inside the caller's transaction, in one statement (`audit_append`, migration
 * 20261207007100): it locks the chain head row, which orders concurrent appends (each sees the hash its
 * predecessor committed; waiters queue in arrival order), hashes and inserts the rows and moves the head. The lock
 * is held from that statement to commit, so callers append last, just before commit. Reading the head into Node
 * and hashing there held it across two more round trips, which under load made 4 writers no faster than 1
 * (docs/benchmarks.md). The hashes are still checked here against hashOf, which `grantdesk audit verify` uses.
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
    const rows = drafts.map((draft) => ({
      ...draft,
      id: draft.id || this.ids.uuid(),
      occurredAt: new Date(draft.occurredAt),
      actor: asStored(draft.actor),
      before: asStored(draft.before),
      after: asStored(draft.after),
      details: asStored(draft.details),
    }));
    const chained = await timePhase('transaction: chain-head lock', () =>
      this.sequelize
        .query<{ seq: string; prev_hash: string; hash: string }>(
          'SELECT seq, prev_hash, hash FROM audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)',
          { bind: appendArguments(rows), type: QueryTypes.SELECT, transaction: this.transaction },
        )
        .catch((error: unknown) => {
          // seq is drawn under the chain lock, so only a caller's own id can clash.
          throw error instanceof UniqueConstraintError ? new DuplicateEventIdError(error) : error;
        }),
    );
    return rows.map((row, i) => {
      const link = chained[i];
      const unhashed = { ...row, seq: Number(link?.seq), prevHash: String(link?.prev_hash) };
      const event = { ...unhashed, hash: hashOf(unhashed) };
      // The database hashed what it stored; verify recomputes it as hashOf does. Never keep a row they disagree on.
      if (event.hash !== link?.hash) throw new Error(`audit_append hashed event ${event.id} differently from hashOf`);
      return event;
    });
  }
}

type StoredDraft = Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>;

/** The columns of `audit_append`, one array each; every event's canonical JSON split around prevHash and seq. */
function appendArguments(rows: readonly StoredDraft[]): unknown[] {
  const column = <T>(pick: (row: StoredDraft) => T) => rows.map(pick);
  return [
    column((r) => canonicalHead(r)),
    column((r) => canonicalTail(r)),
    column((r) => r.id),
    column((r) => r.occurredAt.toISOString()),
    column((r) => r.type),
    column((r) => r.severity),
    column((r) => jsonText(r.actor, { sortKeys: false })),
    column((r) => r.tenant),
    column((r) => r.grantId),
    column((r) => json(r.before)),
    column((r) => json(r.after)),
    column((r) => r.ipAddress),
    column((r) => r.userAgent),
    column((r) => jsonText(r.details, { sortKeys: false })),
  ];
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
