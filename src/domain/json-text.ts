/**
 * JSON text written without recursion. JSON.stringify recurses and throws "Maximum call stack size exceeded" near
 * 10,000 levels, and a row that deep can exist in the trail (written before input was bounded, or behind the
 * application's back); hashing, verifying and exporting it must still work, so they serialise through here.
 */

/** A piece of output already written as JSON text (a bracket, a comma, a key). */
class Piece {
  constructor(readonly text: string) {}
}

/** A Date, or an object with toJSON, becomes what its toJSON returns, as JSON.stringify does. */
function jsonValueOf(value: unknown, key: string): unknown {
  const withToJson = value as { toJSON?: (key: string) => unknown } | null;
  return typeof withToJson?.toJSON === 'function' ? withToJson.toJSON(key) : value;
}

/**
 * What JSON.stringify writes for `value` (undefined members skipped, undefined array items and non-finite numbers
 * as null), with object keys in code-unit order at every depth when `sortKeys` is set.
 */
export function jsonText(value: unknown, options: { sortKeys: boolean }): string {
  const out: string[] = [];
  const pending: unknown[] = [{ key: '', value }];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item instanceof Piece) {
      out.push(item.text);
      continue;
    }
    const { key, value: raw } = item as { key: string; value: unknown };
    const current = jsonValueOf(raw, key);
    if (current === null || current === undefined || typeof current === 'function' || typeof current === 'symbol') {
      out.push('null');
    } else if (Array.isArray(current)) {
      out.push('[');
      pending.push(new Piece(']'));
      for (let i = current.length - 1; i >= 0; i -= 1) {
        pending.push({ key: String(i), value: current[i] });
        if (i > 0) pending.push(new Piece(','));
      }
    } else if (typeof current === 'object') {
      const entries = Object.entries(current as Record<string, unknown>).filter(
        ([k, v]) => jsonValueOf(v, k) !== undefined,
      );
      if (options.sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      out.push('{');
      pending.push(new Piece('}'));
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [k, v] = entries[i]!;
        pending.push({ key: k, value: v });
        pending.push(new Piece(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`));
      }
    } else {
      // Strings, numbers, booleans, bigint (which throws, as in JSON.stringify): flat values need no recursion.
      out.push(JSON.stringify(current) ?? 'null');
    }
  }
  return out.join('');
}

/**
 * jsonText(value, { sortKeys: false }) at JSON.stringify's speed, for the export's millions of rows: the native
 * writer, and jsonText only for a value too deep for it (the rare row the note above is about).
 */
export function unsortedJsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    if (error instanceof RangeError) return jsonText(value, { sortKeys: false });
    throw error;
  }
}
