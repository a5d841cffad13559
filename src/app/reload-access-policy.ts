import { auditEvent } from '../domain/audit-event.ts';
import type { Clock, IdSource, UnitOfWork } from '../domain/ports.ts';
import type { CedarAccessPolicy } from '../policy/cedar-access-policy.ts';
import type { LoadedAccessPolicy } from '../policy/load-access-policy.ts';
import { formatProblem } from '../policy/policy-folder.ts';
import type { ReloadableAccessPolicy } from '../policy/reloadable-access-policy.ts';

export interface PolicyLoadDeps {
  unitOfWork: UnitOfWork;
  ids: IdSource;
  clock: Clock;
}

/** The POLICY_LOADED event: which set is now in force, by its hash, so the trail says what decided each grant. */
export async function recordPolicyLoaded(
  deps: PolicyLoadDeps,
  input: { policy: CedarAccessPolicy; tenants: number; trigger: 'start' | 'reload' },
): Promise<void> {
  const event = auditEvent({
    type: 'POLICY_LOADED',
    actor: { kind: 'system', id: 'policy-loader' },
    occurredAt: deps.clock.now(),
    details: {
      hash: input.policy.hash,
      source: input.policy.source,
      policies: input.policy.size,
      tenants: input.tenants,
      trigger: input.trigger,
    },
  });
  await deps.unitOfWork.run((scope) => scope.audit.append([{ ...event, id: deps.ids.uuid() }]));
}

export interface ReloadDeps extends PolicyLoadDeps {
  holder: ReloadableAccessPolicy;
  load: () => Promise<LoadedAccessPolicy>;
  /** Tells compliance that a reload was refused (the compliance channel); its failure is only logged. */
  warn: (text: string, problems: string[]) => Promise<void>;
}

/**
 * Reloads the policy set (SIGHUP). A set with a problem is not used: the one in force stays, and the problems are
 * reported, each with its file and line. An unchanged set (same hash) is not recorded again.
 */
export async function reloadAccessPolicy(
  deps: ReloadDeps,
): Promise<{ outcome: 'loaded' | 'unchanged' | 'kept'; problems: string[] }> {
  const loaded = await deps.load();
  if (!loaded.ok) {
    const problems = loaded.problems.map(formatProblem);
    const text = `The access policy was not reloaded: it has ${problems.length} problem(s). The previous set (${deps.holder.hash.slice(0, 12)}) stays in force.`;
    await deps.warn(text, problems);
    return { outcome: 'kept', problems };
  }
  if (loaded.policy.hash === deps.holder.hash) return { outcome: 'unchanged', problems: [] };
  deps.holder.replace(loaded.policy);
  await recordPolicyLoaded(deps, { policy: loaded.policy, tenants: loaded.tenants, trigger: 'reload' });
  return { outcome: 'loaded', problems: [] };
}
