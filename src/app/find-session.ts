import type { Grant } from '../domain/grant.ts';
import type { GrantReader } from '../domain/ports.ts';
import { parseSessionReference, visibleSession } from './session-reference.ts';

/**
 * A session by id or short code, as an API client may see it. A session of another tenant than the caller's is
 * reported exactly as a missing one, so a tenant-bound token cannot learn that it exists.
 */
export async function findSession(
  grants: GrantReader,
  input: { reference: string; tenant: string | null },
): Promise<Grant> {
  const parsed = parseSessionReference(input.reference);
  const grant =
    parsed.kind === 'id' ? await grants.findById(parsed.id) : await grants.findByShortCode(parsed.shortCode);
  return visibleSession(grant, input);
}
