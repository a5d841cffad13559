import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { Grant } from '../domain/grant.ts';
import type { GrantReader } from '../domain/ports.ts';
import { parseGrantReference } from '../domain/short-code.ts';

/**
 * A session by id or short code, as an API client may see it. A session of another tenant than the caller's is
 * reported exactly as a missing one, so a tenant-bound token cannot learn that it exists.
 */
export async function findSession(
  grants: GrantReader,
  input: { reference: string; tenant: string | null },
): Promise<Grant> {
  const parsed = parseGrantReference(input.reference);
  if (!parsed) {
    throw new GrantdeskError(
      ErrorCode.InvalidInput,
      'sessionId: expected a session id (UUID) or short code like G-7K3M9Q',
      {
        field: 'sessionId',
      },
    );
  }
  const grant =
    parsed.kind === 'id' ? await grants.findById(parsed.id) : await grants.findByShortCode(parsed.shortCode);
  if (!grant || (input.tenant !== null && grant.tenant !== input.tenant)) {
    throw new GrantdeskError(ErrorCode.GrantNotFound, `There is no session ${input.reference}.`);
  }
  return grant;
}
