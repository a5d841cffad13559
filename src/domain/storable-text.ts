/**
 * Text Postgres cannot keep as it is. A NUL (U+0000) is refused in `text` and in `jsonb`; a lone UTF-16 surrogate
 * becomes U+FFFD in `text` (the driver encodes to UTF-8) and is refused in `jsonb`. An audit event carrying either
 * would be hashed over one string and stored as another, and `audit verify` would report a sound row as altered for
 * ever, so such text is refused where a person or a client sent it, and replaced where a system we merely quote did.
 */
import { ErrorCode, GrantdeskError } from './errors.ts';

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL is exactly what Postgres refuses
const UNSTORABLE_ALL = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSTORABLE = new RegExp(UNSTORABLE_ALL.source);

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/**
 * The text with each unstorable character replaced by U+FFFD, the Unicode replacement character: for text quoted
 * from another system (a Jira summary), which nobody here typed and which the trail should still keep.
 */
export function toStorableText(text: string): string {
  return text.replace(UNSTORABLE_ALL, '\ufffd');
}

/**
 * The path (`details.note`, `actor.id`, `tags.2`) of the first string, value or object key, in `fields` that
 * Postgres cannot store as it is; undefined when there is none. Walks without recursion, so any depth is safe.
 */
export function findUnstorableText(fields: Readonly<Record<string, unknown>>): string | undefined {
  const pending: { path: string; value: unknown }[] = Object.entries(fields).map(([path, value]) => ({
    path,
    value,
  }));
  pending.reverse();
  while (pending.length > 0) {
    const { path, value } = pending.pop()!;
    if (typeof value === 'string') {
      if (!isStorableText(value)) return path;
    } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      const entries = Object.entries(value);
      const badKey = entries.find(([key]) => !isStorableText(key));
      if (badKey) return `${path}.${JSON.stringify(badKey[0])}`;
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, member] = entries[i]!;
        pending.push({ path: `${path}.${key}`, value: member });
      }
    }
  }
  return undefined;
}

/**
 * The refusal of unstorable text (422 on the API, an ephemeral reply in Slack). `label` is how the message names
 * the field to a person (`The reason`); without it the field's path leads, as in the API's other messages.
 */
export function unstorableTextError(field: string, label?: string): GrantdeskError {
  const what = 'a NUL character or an unpaired surrogate, which Grantdesk cannot store unchanged';
  return new GrantdeskError(
    ErrorCode.UnstorableText,
    label ? `${label} contains ${what}: remove it and try again.` : `${field}: contains ${what}; remove it`,
    { field },
  );
}
