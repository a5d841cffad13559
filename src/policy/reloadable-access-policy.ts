import type { AccessPolicy, PolicyAction, PolicyDecision, PolicyRequest } from '../domain/policy/access-policy.ts';
import type { CedarAccessPolicy } from './cedar-access-policy.ts';

/**
 * The access policy in force, replaced whole on reload (SIGHUP): a decision runs against one set from start to end,
 * since `decide` is synchronous and the swap is one assignment.
 */
export class ReloadableAccessPolicy implements AccessPolicy {
  constructor(private current: CedarAccessPolicy) {}

  get active(): CedarAccessPolicy {
    return this.current;
  }

  groupsFor(action: PolicyAction): readonly string[] {
    return this.current.groupsFor(action);
  }

  get hash(): string {
    return this.current.hash;
  }

  get source(): string {
    return this.current.source;
  }

  replace(next: CedarAccessPolicy): void {
    this.current = next;
  }

  decide(request: PolicyRequest): PolicyDecision {
    return this.current.decide(request);
  }
}
