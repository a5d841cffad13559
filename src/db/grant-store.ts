import { Op, QueryTypes, type Transaction } from 'sequelize';
import type { Need } from '../domain/duplicate-request.ts';
import type { Grant, GrantStatus } from '../domain/grant.ts';
import type { Nudge } from '../domain/grant-policy.ts';
import type { ExpiryLook, GrantReader, GrantRepository } from '../domain/ports.ts';
import { grantFromRow, rowFromGrant } from './grant-row.ts';
import type { Models, Row } from './models.ts';

/** A requester's open grants for one need ($1 requester, $2 tenant, $3 target user or ''): grants_one_open_per_need. */
const OPEN_FOR_NEED = `requester_id = $1 AND tenant = $2 AND coalesce(target_user, '') = $3
  AND status IN ('PENDING', 'ACTIVE')`;

/** Writes and locked reads of grants inside one transaction. */
export class GrantStore implements GrantRepository {
  constructor(
    private readonly models: Models,
    private readonly transaction: Transaction,
  ) {}

  async lock(id: string): Promise<Grant | undefined> {
    const row = await this.models.Grant.findByPk(id, {
      transaction: this.transaction,
      lock: this.transaction.LOCK.UPDATE,
    });
    if (!row) return undefined;
    const approvals = await this.models.GrantApproval.findAll({
      where: { grantId: id },
      transaction: this.transaction,
    });
    return grantFromRow(
      row.get({ plain: true }),
      approvals.map((a) => a.get({ plain: true })),
    );
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

  async update(grant: Grant): Promise<void> {
    const { id, ...columns } = rowFromGrant(grant);
    await this.models.Grant.update(
      { ...columns, updatedAt: new Date() },
      { where: { id }, transaction: this.transaction },
    );
    await this.saveApprovals(grant);
  }

  private async saveApprovals(grant: Grant): Promise<void> {
    if (grant.approvals.length === 0) return;
    await this.models.GrantApproval.bulkCreate(
      grant.approvals.map((a) => ({ grantId: grant.id, ...a })),
      { transaction: this.transaction, ignoreDuplicates: true },
    );
  }
}

/** Unlocked reads, for presentation and queries. */
export class GrantQueries implements GrantReader {
  constructor(private readonly models: Models) {}

  async findById(id: string): Promise<Grant | undefined> {
    const row = await this.models.Grant.findByPk(id);
    return row ? (await this.withApprovals([row.get({ plain: true })]))[0] : undefined;
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
