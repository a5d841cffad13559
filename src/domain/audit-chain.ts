import { createHash } from 'node:crypto';
import type { AuditEvent } from './audit-event.ts';
import { jsonText } from './json-text.ts';

/** The prevHash of the first event in a chain: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth and dates as ISO strings, so the same row always serialises to
 * the same bytes whatever order the database or a driver returns its keys in. Written without recursion, so no
 * row, however deeply nested, can stop a verify.
 */
export function canonicalJson(value: unknown): string {
  return jsonText(value, { sortKeys: true });
}

/** hash = sha256(prevHash ‖ canonical JSON of the row without its hash). */
export function hashOf(event: Omit<AuditEvent, 'hash'>): string {
  const { seq, id, occurredAt, type, severity, actor, tenant, grantId, before, after } = event;
  const { ipAddress, userAgent, details, prevHash } = event;
  const row = { seq, id, occurredAt, type, severity, actor, tenant, grantId, before, after };
  Object.assign(row, { ipAddress, userAgent, details, prevHash });
  return createHash('sha256')
    .update(prevHash + canonicalJson(row))
    .digest('hex');
}

/**
 * The canonical JSON of a row is `canonicalHead(row) + ',"prevHash":"…","seq":…,' + canonicalTail(row)`: prevHash
 * and seq sort next to each other, between the fields the head and the tail hold. The database hashes appends from
 * these parts (audit_append), knowing prevHash and seq only once it holds the chain head.
 */
export function canonicalHead(event: Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>): string {
  const { actor, after, before, details, grantId, id, ipAddress, occurredAt } = event;
  return canonicalJson({ actor, after, before, details, grantId, id, ipAddress, occurredAt }).slice(0, -1);
}

export function canonicalTail(event: Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>): string {
  const { severity, tenant, type, userAgent } = event;
  return canonicalJson({ severity, tenant, type, userAgent }).slice(1);
}

/** The row's hash, or undefined when a value in it cannot be serialised: the verify names that row, never crashes. */
function hashOfRow(event: Omit<AuditEvent, 'hash'>): string | undefined {
  try {
    return hashOf(event);
  } catch {
    return undefined;
  }
}

export type ChainVerdict =
  | { ok: true; checked: number; head: { seq: number; hash: string } | null }
  | {
      ok: false;
      checked: number;
      brokenSeq: number;
      problem: string;
    };

/**
 * Walks events in seq order and names the first that does not follow from the one before it. `from` is the
 * checkpoint the walk starts at: the genesis, or the last purged row's seq and hash after retention.
 */
export function verifyChain(
  events: Iterable<AuditEvent>,
  from: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainVerdict {
  let previous = from;
  let checked = 0;
  for (const event of events) {
    if (event.seq !== previous.seq + 1) {
      return {
        ok: false,
        checked,
        brokenSeq: event.seq,
        problem: `expected seq ${previous.seq + 1}, found ${event.seq}`,
      };
    }
    if (event.prevHash !== previous.hash) {
      return { ok: false, checked, brokenSeq: event.seq, problem: 'prevHash does not match the previous row' };
    }
    const { hash, ...rest } = event;
    const recomputed = hashOfRow(rest);
    if (recomputed !== hash) {
      const problem = recomputed ? 'hash does not match the row (altered)' : 'the row cannot be hashed (altered)';
      return { ok: false, checked, brokenSeq: event.seq, problem };
    }
    checked += 1;
    previous = { seq: event.seq, hash };
  }
  return { ok: true, checked, head: checked > 0 || from.seq > 0 ? previous : null };
}
