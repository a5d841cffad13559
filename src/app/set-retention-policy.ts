import type { Sequelize } from 'sequelize';
import { AuditStore } from '../db/audit-store.ts';
import { RetentionStore } from '../db/retention-store.ts';
import { auditEvent } from '../domain/audit-event.ts';
import type { Actor } from '../domain/grant.ts';
import type { Clock, IdSource } from '../domain/ports.ts';
import { checkRetentionPolicy } from '../domain/retention.ts';

/**
 * Sets how long a tenant's audit events are kept. Shortening retention is exactly what compliance wants to see,
 * so the change is itself an event (RETENTION_POLICY_SET, before and after) in the same transaction.
 */
export async function setRetentionPolicy(
  deps: { sequelize: Sequelize; clock: Clock; ids: IdSource },
  input: { tenant: string; days: number; actor: Actor },
): Promise<{ tenant: string; days: number; previousDays: number | null }> {
  const { tenant, days } = checkRetentionPolicy(input.tenant, input.days);
  const at = deps.clock.now();
  return deps.sequelize.transaction(async (transaction) => {
    const previousDays = await new RetentionStore(deps.sequelize).set(tenant, days, at, transaction);
    await new AuditStore(deps.sequelize, transaction, deps.ids).append([
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
