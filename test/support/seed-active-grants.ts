/**
 * Writes ACTIVE grants and their expiry outbox rows straight into Postgres, as if each had been requested and
 * approved long ago: thousands in a second, where going through the use cases (two transactions each, serialised
 * on the audit chain) would take minutes on a small machine. Used where what is under test is what happens at
 * expiry: the scale-out tests and bench/expiry.ts. Only the `expire` job is scheduled (no warning, which would have
 * been sent already, and no lapse, which approval made moot), exactly as src/domain/side-effects.ts keys it.
 */
import { randomUUID } from 'node:crypto';
import { shortCodeOf } from '../../src/domain/short-code.ts';

type Query = (sql: string, params: unknown[]) => Promise<unknown>;

export interface SeedOptions {
  count: number;
  startTime: Date;
  /** When grant `i` (0-based) expires. */
  expiresAt: (i: number) => Date;
  /** Rows per INSERT. */
  chunk?: number;
}

export async function seedActiveGrants(query: Query, options: SeedOptions): Promise<string[]> {
  const ids: string[] = [];
  const codes = new Set<string>();
  // Short codes have 30 bits: among 10,000 grants a clash is likely enough (about 5%) to draw again.
  while (ids.length < options.count) {
    const id = randomUUID();
    const code = shortCodeOf(id);
    if (codes.has(code)) continue;
    codes.add(code);
    ids.push(id);
  }
  const chunk = options.chunk ?? 1_000;
  const ticket = JSON.stringify({
    key: 'OPS-123',
    summary: 'Customer cannot export invoices',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assignee: null,
    url: 'https://jira.example.test/browse/OPS-123',
  });
  for (let from = 0; from < ids.length; from += chunk) {
    const slice = ids.slice(from, from + chunk);
    const expires = slice.map((_, j) => options.expiresAt(from + j));
    await query(
      // Each grant acts as a user of its own: one requester may hold one open grant per tenant and user.
      `INSERT INTO grants (id, short_code, requester_id, requester_email, tenant, target_user, reason, ticket_key,
         ticket, requested_duration_ms, status, requested_at, decided_at, decided_by, start_time, expires_at,
         expiry_version)
       SELECT g.id, g.code, 'USEEDED', 'seeded@example.test', 'tenant-' || (g.n % 50),
         'user-' || ($6::int + g.n) || '@example.test', 'Seeded for an expiry test',
         'OPS-123', $3::jsonb, (extract(epoch FROM g.expires - $4::timestamptz) * 1000)::bigint, 'ACTIVE', $4, $4,
         'UAPPROVER1', $4, g.expires, 1
       FROM unnest($1::uuid[], $2::text[], $5::timestamptz[]) WITH ORDINALITY AS g(id, code, expires, n)`,
      [slice, slice.map(shortCodeOf), ticket, options.startTime, expires, from],
    );
    await query(
      `INSERT INTO outbox (key, topic, payload)
       SELECT 'expire:' || g.id || ':1', 'schedule',
         jsonb_build_object('job', 'expire', 'grantId', g.id, 'version', 1,
           'runAt', to_char(g.expires AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
       FROM unnest($1::uuid[], $2::timestamptz[]) AS g(id, expires)`,
      [slice, expires],
    );
  }
  return ids;
}
