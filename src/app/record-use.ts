import type { Actor } from '../domain/grant.ts';
import type { Clock } from '../domain/ports.ts';
import { recordUse as use } from '../domain/session-use.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

/** The console asks to use a session: refused (and audited) unless it is live; the first use fixes IP and agent. */
export function recordUse(
  deps: ChangeDeps & { clock: Clock },
  input: { grantId: string; actor: Actor; ipAddress: string | null; userAgent: string | null },
): Promise<GrantChange> {
  const at = deps.clock.now();
  return changeGrant(
    deps,
    input.grantId,
    (grant) => use(grant, { ...input, at }),
    (scope) => scope.uses.recordUse({ ...input, at }),
  );
}
