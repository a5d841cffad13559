/**
 * The opaque `cursor` of GET /api/v1/audit/events: the seq of the last event of the previous page, so the next page
 * is a keyset read (seq greater than it) that costs the same on page one and page one million.
 */
export function encodeEventCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ seq })).toString('base64url');
}

export function decodeEventCursor(cursor: string): number | undefined {
  try {
    const { seq } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { seq?: unknown };
    return Number.isSafeInteger(seq) && (seq as number) >= 0 ? (seq as number) : undefined;
  } catch {
    return undefined;
  }
}
