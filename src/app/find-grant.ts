import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { Grant } from '../domain/grant.ts';
import type { GrantReader } from '../domain/ports.ts';
import { parseGrantReference } from '../domain/short-code.ts';

/** Resolves what a person typed (short code or UUID) to a grant, or says how to find the right id. */
export async function findGrant(grants: GrantReader, reference: string): Promise<Grant> {
  const parsed = parseGrantReference(reference);
  if (!parsed) {
    throw new GrantdeskError(
      ErrorCode.InvalidInput,
      `"${reference}" is not a grant id: use the short code (like G-7K3M9Q) or the full id; /grant list shows yours.`,
      { field: 'grant' },
    );
  }
  const grant =
    parsed.kind === 'id' ? await grants.findById(parsed.id) : await grants.findByShortCode(parsed.shortCode);
  if (!grant) {
    throw new GrantdeskError(ErrorCode.GrantNotFound, `There is no grant ${reference}: /grant list shows your grants.`);
  }
  return grant;
}
