import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { AccessDirectory } from '../domain/ports.ts';

/**
 * Who reads the trail. A person in Slack may when they are an auditor or an approver (AUDITOR_* and APPROVER_*
 * settings); an API token's scope was checked by the API, and a token bound to a tenant sees only that tenant.
 */
export type TrailReader = { kind: 'person'; userId: string } | { kind: 'token'; tenant: string | null };

/**
 * The tenant a reader sees when they ask for `requested` (null: every tenant), or the refusal saying why not.
 * `what` names what they asked to see, for the refusal.
 */
export async function tenantReadBy(
  access: AccessDirectory,
  reader: TrailReader,
  requested: string | null | undefined,
  what: string,
): Promise<string | null> {
  if (reader.kind === 'person') {
    if (await access.isAuditor(reader.userId)) return requested ?? null;
    throw new GrantdeskError(
      ErrorCode.NotAuditor,
      `Only auditors and approvers can see ${what}. If you need to, ask an admin to add you to the auditor user group.`,
    );
  }
  return tokenTenant(reader.tenant, requested);
}

/** A token bound to a tenant may name only that tenant; unbound, it sees what it asks for. */
export function tokenTenant(bound: string | null, requested: string | null | undefined): string | null {
  if (bound && requested && requested !== bound) {
    throw new GrantdeskError(ErrorCode.Forbidden, `tenant: this token is bound to tenant ${bound}`, {
      field: 'tenant',
    });
  }
  return bound ?? requested ?? null;
}
