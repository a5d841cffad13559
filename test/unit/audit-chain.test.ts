import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalHead,
  canonicalJson,
  canonicalTail,
  GENESIS_HASH,
  hashOf,
  verifyChain,
} from '../../src/domain/audit-chain.ts';
import type { AuditEvent, AuditEventDraft } from '../../src/domain/audit-event.ts';
import { auditEvent } from '../../src/domain/audit-event.ts';

const T0 = new Date('2026-11-02T10:00:00Z');
const minutesLater = (n: number) => new Date(T0.getTime() + n * 60_000);

/** Chains drafts the way the audit store does: seq from 1 after `from`, each prevHash the hash before it. */
function chain(drafts: AuditEventDraft[], from = { seq: 0, hash: GENESIS_HASH }): AuditEvent[] {
  const events: AuditEvent[] = [];
  let previous = from;
  for (const draft of drafts) {
    const row = { ...draft, seq: previous.seq + 1, prevHash: previous.hash };
    const event = { ...row, hash: hashOf(row) };
    events.push(event);
    previous = { seq: event.seq, hash: event.hash };
  }
  return events;
}

function drafts(count: number): AuditEventDraft[] {
  const types = [
    'GRANT_REQUESTED',
    'GRANT_APPROVAL_ADDED',
    'IMPERSONATION_START',
    'GRANT_USED',
    'IMPERSONATION_END',
  ] as const;
  return Array.from({ length: count }, (_, i) => ({
    ...auditEvent({
      type: types[i % types.length] ?? 'GRANT_USED',
      actor: { kind: 'staff', id: `U${i}`, email: null },
      occurredAt: minutesLater(i),
      tenant: 'acme',
      grantId: 'g-1',
      details: { step: i },
    }),
    id: `e-${i + 1}`,
  }));
}

/** Returns a copy of the chain with row `index` replaced by `change(row)` and nothing else recomputed. */
function tamper(events: AuditEvent[], index: number, change: (row: AuditEvent) => AuditEvent): AuditEvent[] {
  return events.map((event, i) => (i === index ? change(event) : event));
}

describe('canonicalJson', () => {
  it('sorts object keys at every depth, so key order does not change the text', () => {
    const a = { b: 1, a: { z: [3, { y: 1, x: 2 }], m: 'n' } };
    const b = { a: { m: 'n', z: [3, { x: 2, y: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"m":"n","z":[3,{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('keeps array order', () => {
    expect(canonicalJson([2, 1])).toBe('[2,1]');
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('writes dates as ISO strings, the same as the string a JSON column gives back', () => {
    expect(canonicalJson(new Date('2026-11-02T10:00:00Z'))).toBe('"2026-11-02T10:00:00.000Z"');
    expect(canonicalJson({ at: new Date('2026-11-02T10:00:00Z') })).toBe(
      canonicalJson({ at: '2026-11-02T10:00:00.000Z' }),
    );
  });

  it('drops undefined object values, writes null for null and undefined elsewhere', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  it('writes scalars as JSON, escaping strings and keys', () => {
    expect(canonicalJson('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
    expect(canonicalJson({ 'k"': true, n: -1.5 })).toBe('{"k\\"":true,"n":-1.5}');
  });
});

describe('hashOf', () => {
  const row: Omit<AuditEvent, 'hash'> = {
    seq: 1,
    id: 'e1',
    occurredAt: T0,
    type: 'GRANT_REQUESTED',
    severity: 'LOW',
    actor: { kind: 'staff', id: 'U1', email: null },
    tenant: 'acme',
    grantId: 'g1',
    before: null,
    after: { status: 'PENDING' },
    ipAddress: null,
    userAgent: null,
    details: {},
    prevHash: GENESIS_HASH,
  };

  it('is sha256 of prevHash followed by the canonical JSON of the row', () => {
    const canonical =
      '{"actor":{"email":null,"id":"U1","kind":"staff"},"after":{"status":"PENDING"},"before":null,"details":{},' +
      `"grantId":"g1","id":"e1","ipAddress":null,"occurredAt":"2026-11-02T10:00:00.000Z","prevHash":"${GENESIS_HASH}",` +
      '"seq":1,"severity":"LOW","tenant":"acme","type":"GRANT_REQUESTED","userAgent":null}';
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonical)
      .digest('hex');
    expect(hashOf(row)).toBe(expected);
    expect(hashOf(row)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic and ignores key order and Date versus ISO string', () => {
    const reordered = Object.fromEntries(Object.entries(row).reverse()) as Omit<AuditEvent, 'hash'>;
    expect(hashOf({ ...row })).toBe(hashOf(row));
    expect(hashOf(reordered)).toBe(hashOf(row));
    expect(hashOf({ ...row, after: { status: 'ACTIVE', at: T0 } })).toBe(
      hashOf({ ...row, after: { at: '2026-11-02T10:00:00.000Z', status: 'ACTIVE' } }),
    );
  });

  it('ignores the stored hash itself', () => {
    expect(hashOf({ ...row, hash: 'f'.repeat(64) } as AuditEvent)).toBe(hashOf(row));
  });

  const changes: Record<keyof Omit<AuditEvent, 'hash'>, Partial<AuditEvent>> = {
    seq: { seq: 2 },
    id: { id: 'e2' },
    occurredAt: { occurredAt: new Date(T0.getTime() + 1) },
    type: { type: 'GRANT_DENIED' },
    severity: { severity: 'HIGH' },
    actor: { actor: { kind: 'staff', id: 'U1', email: 'u1@grantdesk.test' } },
    tenant: { tenant: 'acme2' },
    grantId: { grantId: null },
    before: { before: { status: 'PENDING' } },
    after: { after: { status: 'ACTIVE' } },
    ipAddress: { ipAddress: '203.0.113.7' },
    userAgent: { userAgent: 'curl/8.5' },
    details: { details: { note: 'x' } },
    prevHash: { prevHash: '1'.repeat(64) },
  };

  for (const [field, change] of Object.entries(changes)) {
    it(`changes when ${field} changes`, () => {
      expect(hashOf({ ...row, ...change })).not.toBe(hashOf(row));
    });
  }
});

describe('verifyChain', () => {
  it('accepts a chain built from genesis and reports its head', () => {
    const events = chain(drafts(5));
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    expect(verifyChain(events)).toEqual({ ok: true, checked: 5, head: { seq: 5, hash: events[4]?.hash } });
  });

  it('accepts an empty chain with no head', () => {
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, head: null });
  });

  it('names the first altered row when a field is changed without recomputing anything', () => {
    const events = chain(drafts(5));
    const altered = tamper(events, 2, (row) => ({ ...row, tenant: 'other' }));
    expect(verifyChain(altered)).toEqual({
      ok: false,
      checked: 2,
      brokenSeq: 3,
      problem: 'hash does not match the row (altered)',
    });
  });

  it('catches an altered detail deep inside a row', () => {
    const events = chain(drafts(4));
    const altered = tamper(events, 3, (row) => ({ ...row, details: { step: 99 } }));
    expect(verifyChain(altered)).toMatchObject({ ok: false, checked: 3, brokenSeq: 4 });
  });

  it('names the row after one whose hash was recomputed to hide an edit', () => {
    const events = chain(drafts(5));
    const rewritten = tamper(events, 1, (row) => {
      const edited = { ...row, actor: { kind: 'staff' as const, id: 'U_SOMEONE_ELSE', email: null } };
      const { hash: _old, ...rest } = edited;
      return { ...edited, hash: hashOf(rest) };
    });
    expect(verifyChain(rewritten)).toEqual({
      ok: false,
      checked: 2,
      brokenSeq: 3,
      problem: 'prevHash does not match the previous row',
    });
  });

  it('names the row whose prevHash is wrong', () => {
    const events = chain(drafts(3));
    const wrong = tamper(events, 1, (row) => ({ ...row, prevHash: GENESIS_HASH }));
    expect(verifyChain(wrong)).toEqual({
      ok: false,
      checked: 1,
      brokenSeq: 2,
      problem: 'prevHash does not match the previous row',
    });
  });

  it('names the row after a gap when a seq is missing', () => {
    const events = chain(drafts(5));
    const missing = events.filter((e) => e.seq !== 3);
    expect(verifyChain(missing)).toEqual({ ok: false, checked: 2, brokenSeq: 4, problem: 'expected seq 3, found 4' });
  });

  it('refuses a chain that does not start at seq 1 when walked from genesis', () => {
    const events = chain(drafts(5)).slice(2);
    expect(verifyChain(events)).toMatchObject({
      ok: false,
      checked: 0,
      brokenSeq: 3,
      problem: 'expected seq 1, found 3',
    });
  });

  it('verifies from a checkpoint: the rows kept after a purge', () => {
    const events = chain(drafts(6));
    const checkpoint = { seq: 3, hash: events[2]?.hash ?? '' };
    const kept = events.slice(3);
    expect(verifyChain(kept, checkpoint)).toEqual({ ok: true, checked: 3, head: { seq: 6, hash: events[5]?.hash } });
  });

  it('reports the checkpoint as head when nothing follows it', () => {
    const checkpoint = { seq: 7, hash: 'a'.repeat(64) };
    expect(verifyChain([], checkpoint)).toEqual({ ok: true, checked: 0, head: checkpoint });
  });

  it('refuses rows that do not follow from the checkpoint hash', () => {
    const events = chain(drafts(6));
    const kept = events.slice(3);
    expect(verifyChain(kept, { seq: 3, hash: 'b'.repeat(64) })).toEqual({
      ok: false,
      checked: 0,
      brokenSeq: 4,
      problem: 'prevHash does not match the previous row',
    });
  });

  it('accepts a chain that was built on top of a checkpoint', () => {
    const checkpoint = { seq: 100, hash: 'c'.repeat(64) };
    const events = chain(drafts(2), checkpoint);
    expect(events.map((e) => e.seq)).toEqual([101, 102]);
    expect(verifyChain(events, checkpoint)).toEqual({
      ok: true,
      checked: 2,
      head: { seq: 102, hash: events[1]?.hash },
    });
  });

  it('walks any iterable, such as a generator streaming rows', () => {
    const events = chain(drafts(3));
    function* stream() {
      yield* events;
    }
    expect(verifyChain(stream())).toMatchObject({ ok: true, checked: 3 });
  });
});

describe('the canonical JSON in parts, as the database hashes an append', () => {
  it('joins around prevHash and seq into exactly the canonical JSON hashOf covers', () => {
    const [first] = drafts(1);
    const odd = {
      ...first!,
      tenant: null,
      grantId: null,
      before: { 'z"key': ['\u00e9', { nested: [1, 2.5, null] }] },
      after: null,
      ipAddress: '::1',
      userAgent: 'Mozilla/5.0 “quoted” \\ ✓ 🚀',
      details: { b: 1, a: { d: [], c: '' } },
    };
    for (const row of [first!, odd]) {
      const { seq, prevHash, hash: _hash, ...rest } = { ...row, seq: 1234567, prevHash: 'ab'.repeat(32), hash: '' };
      const text = `${canonicalHead(rest)},"prevHash":"${prevHash}","seq":${seq},${canonicalTail(rest)}`;
      const whole = { ...rest, seq, prevHash };
      expect(text).toBe(canonicalJson(whole));
      expect(
        createHash('sha256')
          .update(prevHash + text)
          .digest('hex'),
      ).toBe(hashOf(whole));
    }
  });
});
