/** The bulk inserts bench:seed-audit fills its database with: one statement per batch, columns passed as arrays. */
import type pg from 'pg';
import type { AuditEvent } from '../src/domain/audit-event.ts';
import { shortCodeOf } from '../src/domain/short-code.ts';

const MINUTE = 60_000;

/** One seeded grant: requested, approved, and ended (or still active when endReason is null). */
export interface SeedSession {
  id: string;
  tenant: string;
  requesterId: string;
  requesterEmail: string;
  approverId: string;
  start: Date;
  requestedAt: Date;
  expiresAt: Date;
  endTime: Date | null;
  endReason: string | null;
  ticketKey: string;
}

/** The sessions' grants, their approvals, and a recorded action for every fifth one. */
export async function insertGrants(client: pg.Client, sessions: readonly SeedSession[]): Promise<void> {
  const col = <T>(f: (s: SeedSession) => T) => sessions.map(f);
  await client.query(
    `INSERT INTO grants (id, short_code, requester_id, requester_email, tenant, target_user, reason, ticket_key, ticket,
       requested_duration_ms, status, requested_at, decided_at, decided_by, start_time, expires_at, end_time,
       end_reason, ended_by, ip_address, user_agent, expiry_version)
     SELECT id, code, rid, remail, tenant, 'user@' || tenant || '.test', 'Reproduce the customer''s reported problem',
       tkey, jsonb_build_object('key', tkey, 'summary', 'Customer issue', 'status', 'In Progress',
         'statusCategory', 'indeterminate', 'assignee', null, 'url', 'https://jira.example.test/browse/' || tkey),
       1800000, CASE WHEN reason IS NULL THEN 'ACTIVE' ELSE 'ENDED' END, requested, started, approver, started,
       expires, ended, reason, CASE WHEN reason IS NULL THEN NULL ELSE rid END, '10.0.0.1', 'Console/1', 1
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
       $8::timestamptz[], $9::text[], $10::timestamptz[], $11::timestamptz[], $12::text[])
       AS t(id, code, rid, remail, tenant, tkey, requested, started, approver, expires, ended, reason)`,
    [
      col((s) => s.id),
      col((s) => shortCodeOf(s.id)),
      col((s) => s.requesterId),
      col((s) => s.requesterEmail),
      col((s) => s.tenant),
      col((s) => s.ticketKey),
      col((s) => s.requestedAt.toISOString()),
      col((s) => s.start.toISOString()),
      col((s) => s.approverId),
      col((s) => s.expiresAt.toISOString()),
      col((s) => s.endTime?.toISOString() ?? null),
      col((s) => s.endReason),
    ],
  );
  await client.query(
    `INSERT INTO grant_approvals (grant_id, approver_id, approver_email, approved_at)
     SELECT id, approver, lower(approver) || '@example.test', at FROM unnest($1::uuid[], $2::text[], $3::timestamptz[])
       AS t(id, approver, at)`,
    [col((s) => s.id), col((s) => s.approverId), col((s) => s.start.toISOString())],
  );
  const withAction = sessions.filter((_, k) => k % 5 === 0);
  await client.query(
    `INSERT INTO grant_actions (grant_id, recorded_at, action, actor)
     SELECT id, at, 'Looked at the invoices page', 'bench' FROM unnest($1::uuid[], $2::timestamptz[]) AS t(id, at)`,
    [withAction.map((s) => s.id), withAction.map((s) => new Date(s.start.getTime() + 2 * MINUTE).toISOString())],
  );
}

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

export async function insertEvents(client: pg.Client, events: readonly AuditEvent[]): Promise<void> {
  const col = <T>(f: (e: AuditEvent) => T) => events.map(f);
  await client.query(
    `INSERT INTO audit_events (seq, id, occurred_at, type, severity, actor, tenant, grant_id, before, after,
       ip_address, user_agent, details, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::jsonb[], $7::text[],
       $8::uuid[], $9::jsonb[], $10::jsonb[], $11::text[], $12::text[], $13::jsonb[], $14::text[], $15::text[])`,
    [
      col((e) => e.seq),
      col((e) => e.id),
      col((e) => e.occurredAt.toISOString()),
      col((e) => e.type),
      col((e) => e.severity),
      col((e) => json(e.actor)),
      col((e) => e.tenant),
      col((e) => e.grantId),
      col((e) => json(e.before)),
      col((e) => json(e.after)),
      col((e) => e.ipAddress),
      col((e) => e.userAgent),
      col((e) => json(e.details)),
      col((e) => e.prevHash),
      col((e) => e.hash),
    ],
  );
}
