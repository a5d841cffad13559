import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import { type GrantReference, parseGrantReference } from '../domain/short-code.ts';

/** A session id (UUID) or short code as the API takes it in `sessionId`, or the refusal saying what it should be. */
export function parseSessionReference(text: string): GrantReference {
  const reference = parseGrantReference(text);
  if (reference) return reference;
  throw new GrantdeskError(
    ErrorCode.InvalidInput,
    'sessionId: expected a session id (UUID) or short code like G-7K3M9Q',
    {
      field: 'sessionId',
    },
  );
}

/**
 * The session found, as the caller may see it: one of another tenant than the caller's is reported exactly as a
 * missing one, so a tenant-bound token cannot learn that it exists.
 */
export function visibleSession<T extends { tenant: string }>(
  found: T | undefined,
  input: { reference: string; tenant: string | null },
): T {
  if (!found || (input.tenant !== null && found.tenant !== input.tenant)) {
    throw new GrantdeskError(ErrorCode.GrantNotFound, `There is no session ${input.reference}.`);
  }
  return found;
}
