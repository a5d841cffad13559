import { describe, expect, it } from 'vitest';
import { decodeEventCursor, encodeEventCursor } from '../../src/http/event-cursor.ts';

describe('the audit events cursor', () => {
  it('round-trips a seq through opaque URL-safe text', () => {
    for (const seq of [0, 1, 4_999_950, Number.MAX_SAFE_INTEGER]) {
      const cursor = encodeEventCursor(seq);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeEventCursor(cursor)).toBe(seq);
    }
  });

  it.each([
    '',
    'abc',
    Buffer.from('{"seq":-1}').toString('base64url'),
    Buffer.from('{"seq":"1"}').toString('base64url'),
  ])('refuses %j', (cursor) => {
    expect(decodeEventCursor(cursor)).toBeUndefined();
  });
});
