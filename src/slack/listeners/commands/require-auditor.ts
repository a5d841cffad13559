import { ErrorCode, GrantdeskError } from '../../../domain/errors.ts';
import type { AccessDirectory } from '../../../domain/ports.ts';

/**
 * The trail is for auditors and approvers (AUDITOR_* and APPROVER_* settings). In Slack that is decided per person;
 * the REST API decides it per token scope instead.
 */
export async function requireAuditor(access: AccessDirectory, userId: string, what: string): Promise<void> {
  if (await access.isAuditor(userId)) return;
  throw new GrantdeskError(
    ErrorCode.NotAuditor,
    `Only auditors and approvers can see ${what}. If you need to, ask an admin to add you to the auditor user group.`,
  );
}
