/**
 * Bounds on the JSON objects a client may put in the trail (`details`, `before`, `after` of a console action). A
 * console reports a change as a few fields, or a settings object a few levels deep; 10 levels hold that with room to
 * spare and keep every stored row cheap to hash, verify, export and show.
 */
import { ErrorCode, GrantdeskError } from './errors.ts';
import { jsonText } from './json-text.ts';

/** Levels of nesting: `{}` is 1, `{"a": {}}` is 2. */
export const MAX_JSON_DEPTH = 10;
/**
 * Characters of the field's JSON text: the API body's own limit (16 KB, api-routes.ts), so one field may use the
 * whole body, as consoles already do, but never more, should the body limit ever be raised.
 */
export const MAX_JSON_LENGTH = 16_384;

/** The nesting depth of a JSON value, measured without recursion; scalars are 0. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const member of Object.values(current)) pending.push({ value: member, depth: depth + 1 });
  }
  return deepest;
}

/** Refuses (422, naming the field) a JSON field deeper or longer than the bounds above. */
export function checkJsonBounds(field: string, value: Record<string, unknown> | null): void {
  if (value === null) return;
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    throw new GrantdeskError(
      ErrorCode.JsonTooLarge,
      `${field}: nested more than ${MAX_JSON_DEPTH} levels deep; flatten it`,
      { field },
    );
  }
  const length = jsonText(value, { sortKeys: false }).length;
  if (length > MAX_JSON_LENGTH) {
    throw new GrantdeskError(
      ErrorCode.JsonTooLarge,
      `${field}: ${length} characters of JSON, more than the ${MAX_JSON_LENGTH} allowed; send only what changed`,
      { field },
    );
  }
}
