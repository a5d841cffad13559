import { auditEvent } from '../domain/audit-event.ts';
import type { Actor } from '../domain/grant.ts';
import type { Clock, UnitOfWork } from '../domain/ports.ts';
import { checkRetentionPolicy } from '../domain/retention.ts';

/**
 * Sets how long a tenant's audit events are kept. Shortening retention is exactly what compliance wants to see,
 * so the change is itself an event (RETENTION_POLICY_SET, before and after) in the same transaction.
 */
export async function setRetentionPolicy(
  deps: { unitOfWork: UnitOfWork; clock: Clock },
  input: { tenant: string; days: number; actor: Actor },
): Promise<{ tenant: string; days: number; previousDays: number | null }> {
  const { tenant, days } = checkRetentionPolicy(input.tenant, input.days);
  const at = deps.clock.now();
  return deps.unitOfWork.run(async (scope) => {
    const previousDays = await scope.retention.set(tenant, days, at);
    await scope.audit.append([
      auditEvent({
        type: 'RETENTION_POLICY_SET',
        actor: input.actor,
        occurredAt: at,
        tenant,
        before: { days: previousDays },
        after: { days },
      }),
    ]);
    return { tenant, days, previousDays };
  });
}
