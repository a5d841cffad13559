import { Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Need } from '../domain/duplicate-request.ts';
import type { Grant, GrantStatus } from '../domain/grant.ts';
import type { Nudge } from '../domain/grant-policy.ts';
import type { ExpiryLook, GrantReader, GrantRepository } from '../domain/ports.ts';
import { APPROVAL_COLUMNS, APPROVALS_OF_G, grantColumnList, grantFromRow, rowFromGrant } from './grant-row.ts';
import type { Models, Row } from './models.ts';

/** A requester's open grants for one need ($1 requester, $2 tenant, $3 target user or ''): grants_one_open_per_need. */
const OPEN_FOR_NEED = `requester_id = $1 AND tenant = $2 AND coalesce(target_user, '') = $3
  AND status IN ('PENDING', 'ACTIVE')`;

/** Writes and locked reads of grants inside one transaction. */
export class GrantStore implements GrantRepository {
  private readonly sequelize: Sequelize;
  private readonly sql: GrantSql;

  constructor(
    private readonly models: Models,
    private readonly transaction: Transaction,
  ) {
    this.sequelize = models.Grant.sequelize!;
    this.sql = grantSqlOf(models);
  }

  /**
   * Two statements on purpose: the second starts after the row lock is held, so when the first waited for another
   * transaction's change of the grant, the approvals that change committed are read too (one statement reads them
   * under the snapshot it took before waiting).
   */
  async lock(id: string): Promise<Grant | undefined> {
    const [row] = await this.query(`SELECT ${this.sql.columns} FROM grants g WHERE g.id = $1 FOR UPDATE`, [id]);
    if (!row) return undefined;
    const approvals = await this.query(`SELECT ${APPROVAL_COLUMNS} FROM grant_approvals WHERE grant_id = $1`, [id]);
    return grantFromRow(row, approvals);
  }

  async lockDue(at: Date, limit: number): Promise<Grant[]> {
    const rows = await this.models.Grant.findAll({
      where: { status: 'ACTIVE', expiresAt: { [Op.lte]: at } },
      order: [['expiresAt', 'ASC']],
      limit,
      transaction: this.transaction,
      lock: this.transaction.LOCK.UPDATE,
      skipLocked: true,
    });
    if (rows.length === 0) return [];
    const approvals = await this.models.GrantApproval.findAll({
      where: { grantId: { [Op.in]: rows.map((r) => String(r.get('id'))) } },
      transaction: this.transaction,
    });
    const byGrant = approvalsByGrant(approvals.map((a) => a.get({ plain: true })));
    return rows.map((r) => grantFromRow(r.get({ plain: true }), byGrant.get(String(r.get('id'))) ?? []));
  }

  async saveEnded(grants: Grant[]): Promise<void> {
    if (grants.length === 0) return;
    const values: unknown[] = [];
    const rows = grants.map((grant) => {
      const base = values.length;
      values.push(grant.id, grant.status, grant.endTime, grant.endReason, grant.endedBy, grant.endNote);
      return `($${base + 1}::uuid, $${base + 2}, $${base + 3}::timestamptz, $${base + 4}, $${base + 5}, $${base + 6})`;
    });
    await this.models.Grant.sequelize!.query(
      `UPDATE grants AS g SET status = v.status, end_time = v.end_time, end_reason = v.end_reason,
         ended_by = v.ended_by, end_note = v.end_note, pending_extension = NULL, updated_at = now()
       FROM (VALUES ${rows.join(', ')}) AS v (id, status, end_time, end_reason, ended_by, end_note)
       WHERE g.id = v.id`,
      { bind: values, transaction: this.transaction },
    );
  }

  async insert(
    grant: Grant,
    requestKey: string | null,
  ): Promise<'inserted' | 'short-code-taken' | { existingId: string } | { openForNeedId: string }> {
    const sequelize = this.models.Grant.sequelize!;
    // A clash (short code, request key, or a grant open for the same need: grants_one_open_per_need) must not abort
    // the transaction, so the insert skips rather than fails. On a clash with a concurrent uncommitted insert,
    // Postgres waits for it to commit or roll back first, so what is read after the skip is settled.
    const [rows] = (await sequelize.query(
      `INSERT INTO grants (id, short_code, requester_id, requester_email, tenant, target_user, reason, ticket_key,
         ticket, requested_duration_ms, status, requested_at, expiry_version, request_key, decided_at, decided_by,
         start_time, expires_at, access_level, required_approvals, approver_channel_id, approved_by_policy, break_glass)
       VALUES (:id, :shortCode, :requesterId, :requesterEmail, :tenant, :targetUser, :reason, :ticketKey,
         :ticket, :requestedDurationMs, :status, :requestedAt, :expiryVersion, :requestKey, :decidedAt, :decidedBy,
         :startTime, :expiresAt, :accessLevel, :requiredApprovals, :approverChannelId, :approvedByPolicy, :breakGlass)
       ON CONFLICT DO NOTHING RETURNING id`,
      {
        transaction: this.transaction,
        replacements: { ...rowFromGrant(grant), ticket: JSON.stringify(grant.ticket), requestKey },
      },
    )) as [Row[], unknown];
    if (rows.length > 0) {
      await this.saveApprovals(grant);
      return 'inserted';
    }
    if (requestKey) {
      const existing = await this.models.Grant.findOne({ where: { requestKey }, transaction: this.transaction });
      if (existing) return { existingId: String(existing.get('id')) };
    }
    const [open] = await sequelize.query<{ id: string }>(`SELECT id FROM grants WHERE ${OPEN_FOR_NEED}`, {
      bind: [grant.requesterId, grant.tenant, grant.targetUser ?? ''],
      transaction: this.transaction,
      type: QueryTypes.SELECT,
    });
    if (open) return { openForNeedId: open.id };
    return 'short-code-taken';
  }

  /** Writes every column of the grant and adds its new approvals, in one statement. */
  async update(grant: Grant): Promise<void> {
    const { id, ...columns } = rowFromGrant(grant);
    const bind: unknown[] = [id];
    const param = (value: unknown, cast = '') => `$${bind.push(value)}${cast}`;
    // As Model.update did: a field left undefined leaves its column as it is.
    const assignments = Object.entries(columns)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => {
        const column = this.sql.fields.get(name);
        if (!column) throw new Error(`grants has no column for ${name}: add it to the Grant model and a migration`);
        return `${column.field} = ${column.json ? param(jsonOrNull(value), '::jsonb') : param(value)}`;
      });
    assignments.push(`updated_at = ${param(new Date())}`);
    const approvals =
      grant.approvals.length === 0 ? '' : `WITH approvals AS (${insertApprovals(param(approvalsJson(grant)))}) `;
    await this.query(`${approvals}UPDATE grants SET ${assignments.join(', ')} WHERE id = $1::uuid`, bind);
  }

  private async saveApprovals(grant: Grant): Promise<void> {
    if (grant.approvals.length === 0) return;
    await this.query(insertApprovals('$2'), [grant.id, approvalsJson(grant)]);
  }

  private query(sql: string, bind: unknown[]): Promise<Row[]> {
    return this.sequelize.query<Row>(sql, { bind, type: QueryTypes.SELECT, transaction: this.transaction });
  }
}

/**
 * Adds a grant's approvals not there yet: $1 is the grant, `approvals` the parameter of their JSON. This, `lock` and
 * `update` are raw statements because they are an approval click's path, where Sequelize's model methods cost more
 * CPU than the statements themselves (docs/benchmarks.md).
 */
const insertApprovals = (approvals: string) => `INSERT INTO grant_approvals
  (grant_id, approver_id, approver_email, approved_at)
  SELECT $1::uuid, a.approver_id, a.approver_email, a.approved_at
  FROM jsonb_to_recordset(${approvals}::jsonb) AS a (approver_id text, approver_email text, approved_at timestamptz)
  ON CONFLICT DO NOTHING`;

const approvalsJson = (grant: Grant) =>
  JSON.stringify(
    grant.approvals.map((a) => ({
      approver_id: a.approverId,
      approver_email: a.approverEmail,
      approved_at: a.approvedAt,
    })),
  );

const jsonOrNull = (value: unknown) => (value == null ? null : JSON.stringify(value));

/** The grants statements' column lists, built once per set of models from their attributes. */
interface GrantSql {
  columns: string;
  fields: Map<string, { field: string; json: boolean }>;
}

const grantSql = new WeakMap<Models, GrantSql>();

function grantSqlOf(models: Models): GrantSql {
  let sql = grantSql.get(models);
  if (!sql) {
    const attributes = Object.entries(models.Grant.getAttributes());
    const fields = new Map(
      attributes.map(([name, attribute]) => [
        name,
        { field: attribute.field ?? name, json: (attribute.type as { key?: string }).key === 'JSONB' },
      ]),
    );
    sql = { columns: grantColumnList(models, 'g'), fields };
    grantSql.set(models, sql);
  }
  return sql;
}

/** Unlocked reads, for presentation and queries. */
export class GrantQueries implements GrantReader {
  private readonly columns: string;

  constructor(private readonly models: Models) {
    this.columns = grantSqlOf(models).columns;
  }

  /** In one raw statement with its approvals: every notification, Jira comment and session lookup reads one by id. */
  async findById(id: string): Promise<Grant | undefined> {
    const [row] = await this.models.Grant.sequelize!.query<Row>(
      `SELECT ${this.columns}, ${APPROVALS_OF_G} AS "approvals" FROM grants g WHERE g.id = $1`,
      { bind: [id], type: QueryTypes.SELECT },
    );
    if (!row) return undefined;
    const { approvals, ...columns } = row;
    return grantFromRow(columns, approvals as Row[]);
  }

  /**
   * A grant's status as last committed, in one indexed read with no row built: the expiry job's first look, which in
   * a storm mostly finds its grant already ended by another job's batch.
   */
  async statusOf(id: string): Promise<GrantStatus | undefined> {
    const [row] = await this.models.Grant.sequelize!.query<{ status: GrantStatus }>(
      'SELECT status FROM grants WHERE id = $1',
      { bind: [id], type: QueryTypes.SELECT },
    );
    return row?.status;
  }

  /**
   * What an expiry job needs to know before it opens a transaction, in one statement and none of its own: the grant's
   * committed status, and whether any ACTIVE grant is due by `at` that no transaction holds (SKIP LOCKED passes over
   * the rows a batch is ending right now). In a storm most jobs find their grant ended by another job's batch and
   * nothing left to claim: that answer then costs one indexed read instead of a claim transaction and a read. The
   * probe takes no lock when it finds nothing; when it finds a row, its lock ends with the statement.
   */
  async expiryLook(id: string, at: Date): Promise<ExpiryLook> {
    const [row] = await this.models.Grant.sequelize!.query<{ status: GrantStatus | null; others_due: boolean }>(
      `SELECT (SELECT status FROM grants WHERE id = $1) AS status,
              EXISTS (SELECT 1 FROM grants WHERE status = 'ACTIVE' AND expires_at <= $2
                       LIMIT 1 FOR UPDATE SKIP LOCKED) AS others_due`,
      { bind: [id, at], type: QueryTypes.SELECT },
    );
    return { status: row?.status ?? undefined, othersDue: row?.others_due === true };
  }

  async openForNeed(need: Need, exceptRequestKey: string | null): Promise<Grant | undefined> {
    const [open] = await this.models.Grant.sequelize!.query<{ id: string }>(
      `SELECT id FROM grants WHERE ${OPEN_FOR_NEED} AND ($4::text IS NULL OR request_key IS DISTINCT FROM $4)
       ORDER BY requested_at LIMIT 1`,
      { bind: [need.requesterId, need.tenant, need.targetUser ?? '', exceptRequestKey], type: QueryTypes.SELECT },
    );
    return open ? this.findById(open.id) : undefined;
  }

  async findByShortCode(shortCode: string): Promise<Grant | undefined> {
    const row = await this.models.Grant.findOne({ where: { shortCode } });
    return row ? (await this.withApprovals([row.get({ plain: true })]))[0] : undefined;
  }

  /** A requester's grants, newest first. */
  async findByRequester(requesterId: string, statuses: Grant['status'][], limit = 20): Promise<Grant[]> {
    const rows = await this.models.Grant.findAll({
      where: { requesterId, status: { [Op.in]: statuses } },
      order: [['requestedAt', 'DESC']],
      limit,
    });
    return this.withApprovals(rows.map((r) => r.get({ plain: true })));
  }

  async findByStatus(status: Grant['status'], limit = 50): Promise<Grant[]> {
    const rows = await this.models.Grant.findAll({ where: { status }, order: [['requestedAt', 'ASC']], limit });
    return this.withApprovals(rows.map((r) => r.get({ plain: true })));
  }

  /** ACTIVE grants after `afterId` in id order: the ticket re-check walks them a page at a time. */
  async findActivePage(afterId: string | null, limit: number): Promise<Grant[]> {
    const rows = await this.models.Grant.findAll({
      where: { status: 'ACTIVE', ...(afterId ? { id: { [Op.gt]: afterId } } : {}) },
      order: [['id', 'ASC']],
      limit,
    });
    return this.withApprovals(rows.map((r) => r.get({ plain: true })));
  }

  /** ACTIVE grants working under one ticket (a Jira webhook names the ticket). */
  async findActiveByTicket(ticketKey: string): Promise<Grant[]> {
    const rows = await this.models.Grant.findAll({ where: { status: 'ACTIVE', ticketKey } });
    return this.withApprovals(rows.map((r) => r.get({ plain: true })));
  }

  /** ACTIVE grants whose expiry has passed (the reconciler's sweep). */
  async findOverdueActive(at: Date, limit: number): Promise<Grant[]> {
    const rows = await this.models.Grant.findAll({
      where: { status: 'ACTIVE', expiresAt: { [Op.lte]: at } },
      order: [['expiresAt', 'ASC']],
      limit,
    });
    return this.withApprovals(rows.map((r) => r.get({ plain: true })));
  }

  /** ACTIVE grants with no use, no action and no start since `idleSince` (SESSION_IDLE_TIMEOUT's sweep). */
  async findIdleActive(idleSince: Date, limit: number): Promise<Grant[]> {
    const idle = await this.models.Grant.sequelize!.query<{ id: string }>(
      `SELECT id FROM grants g WHERE status = 'ACTIVE' AND GREATEST(start_time,
         (SELECT max(used_at) FROM grant_uses WHERE grant_id = g.id),
         (SELECT max(recorded_at) FROM grant_actions WHERE grant_id = g.id)) <= $1
       ORDER BY start_time LIMIT $2`,
      { bind: [idleSince, limit], type: QueryTypes.SELECT },
    );
    if (idle.length === 0) return [];
    const rows = await this.models.Grant.findAll({ where: { id: idle.map((row) => row.id) } });
    return this.withApprovals(rows.map((r) => r.get({ plain: true })));
  }

  /** PENDING grants requested before the cutoff (past their TTL). */
  async findOverduePending(requestedBefore: Date, limit: number): Promise<Grant[]> {
    const rows = await this.models.Grant.findAll({
      where: { status: 'PENDING', requestedAt: { [Op.lte]: requestedBefore } },
      order: [['requestedAt', 'ASC']],
      limit,
    });
    return this.withApprovals(rows.map((r) => r.get({ plain: true })));
  }

  /**
   * PENDING grants requested in (requestedAfter, requestedBefore] not yet reminded (or escalated): those whose
   * remind or escalate job is overdue, for the sweep to catch when the queue lost it.
   */
  async findOverdueNudge(nudge: Nudge, requested: { after: Date; before: Date }, limit: number): Promise<Grant[]> {
    const rows = await this.models.Grant.findAll({
      where: {
        status: 'PENDING',
        requestedAt: { [Op.gt]: requested.after, [Op.lte]: requested.before },
        [nudge === 'remind' ? 'remindedAt' : 'escalatedAt']: null,
      },
      order: [['requestedAt', 'ASC']],
      limit,
    });
    return this.withApprovals(rows.map((r) => r.get({ plain: true })));
  }

  async actionsOf(grantId: string): Promise<{ action: string; recordedAt: Date; actor: string }[]> {
    const rows = await this.models.GrantAction.findAll({ where: { grantId }, order: [['recordedAt', 'ASC']] });
    return rows.map((r) => {
      const row = r.get({ plain: true });
      return { action: String(row.action), recordedAt: new Date(row.recordedAt as string), actor: String(row.actor) };
    });
  }

  async withApprovals(rows: Row[]): Promise<Grant[]> {
    if (rows.length === 0) return [];
    const approvals = await this.models.GrantApproval.findAll({
      where: { grantId: { [Op.in]: rows.map((r) => r.id as string) } },
    });
    const byGrant = approvalsByGrant(approvals.map((a) => a.get({ plain: true })));
    return rows.map((row) => grantFromRow(row, byGrant.get(String(row.id)) ?? []));
  }
}

/** Approval rows by their grant's id: one pass, where filtering per grant cost a batch of 1,000 grants a million. */
function approvalsByGrant(approvals: Row[]): Map<string, Row[]> {
  const byGrant = new Map<string, Row[]>();
  for (const approval of approvals) {
    const list = byGrant.get(String(approval.grantId)) ?? [];
    list.push(approval);
    byGrant.set(String(approval.grantId), list);
  }
  return byGrant;
}
