/**
 * The access policy port over Cedar (@cedar-policy/cedar-wasm). The set is parsed once, when it loads, and kept
 * inside the wasm module under its hash (preparsePolicySet); a decision then only passes the request and its three
 * kinds of entities (the person, their groups, the tenant), whatever the number of policies or tenants.
 */
import {
  type Context,
  type EntityJson,
  preparsePolicySet,
  statefulIsAuthorized,
} from '@cedar-policy/cedar-wasm/nodejs';
import {
  type AccessPolicy,
  type DeterminingPolicy,
  POLICY_ACTIONS,
  type PolicyAction,
  type PolicyDecision,
  type PolicyRequest,
} from '../domain/policy/access-policy.ts';
import { type DefaultPolicySettings, defaultPolicyText } from '../domain/policy/default-policy.ts';
import { type CompiledPolicy, cedarPolicySet, compilePolicies } from './cedar-policy-set.ts';
import { hashSources, type LoadedPolicyFolder } from './policy-folder.ts';
import { TENANT_TYPE, type TenantAttributes, UNLISTED_TENANT } from './tenant-attributes.ts';

const STAFF_TYPE = 'Grantdesk::Staff';
const GROUP_TYPE = 'Grantdesk::Group';
const ACTION_TYPE = 'Grantdesk::Action';
const GROUP_PATTERN = /Grantdesk::Group::"((?:[^"\\]|\\.)*)"/g;

export class CedarAccessPolicy implements AccessPolicy {
  private readonly groupsByAction: ReadonlyMap<PolicyAction, readonly string[]>;
  private readonly byId: ReadonlyMap<string, CompiledPolicy>;
  private readonly order: ReadonlyMap<string, number>;

  constructor(
    private readonly policies: readonly CompiledPolicy[],
    private readonly tenants: ReadonlyMap<string, TenantAttributes>,
    readonly hash: string,
    readonly source: string,
  ) {
    // One preparsed set per action, of the policies whose scope can match it: Cedar evaluates every policy of a set,
    // so a request is not made to skip past the approve and auto_approve policies one by one.
    for (const action of POLICY_ACTIONS) {
      const scoped = policies.filter((policy) => policy.actions === null || policy.actions.includes(action));
      const parsed = preparsePolicySet(`${hash}:${action}`, { staticPolicies: cedarPolicySet(scoped) });
      if (parsed.type === 'failure') {
        throw new Error(`Cedar refused a checked policy set: ${parsed.errors[0]?.message}`);
      }
    }
    this.byId = new Map(policies.map((policy) => [policy.id, policy]));
    this.order = new Map(policies.map((policy, index) => [policy.id, index]));
    this.groupsByAction = new Map(
      POLICY_ACTIONS.map((action) => {
        const groups = new Set<string>();
        for (const policy of policies) {
          if (policy.actions !== null && !policy.actions.includes(action)) continue;
          for (const match of policy.text.matchAll(GROUP_PATTERN)) groups.add(match[1] ?? '');
        }
        return [action, [...groups]];
      }),
    );
  }

  static fromFolder(folder: LoadedPolicyFolder): CedarAccessPolicy {
    return new CedarAccessPolicy(folder.policies, folder.tenants, folder.hash, folder.source);
  }

  /** The set the environment settings imply (POLICY_DIR unset). */
  static fromSettings(settings: DefaultPolicySettings): CedarAccessPolicy {
    const source = { file: 'environment', text: defaultPolicyText(settings) };
    const compiled = compilePolicies([source]);
    if (!compiled.ok) throw new Error(`The default policy does not parse: ${compiled.problems[0]?.message}`);
    return new CedarAccessPolicy(compiled.policies, new Map(), hashSources([source]), 'environment');
  }

  groupsFor(action: PolicyAction): readonly string[] {
    return this.groupsByAction.get(action) ?? [];
  }

  /** Every group any policy mentions. */
  get groups(): string[] {
    return [...new Set([...this.groupsByAction.values()].flat())];
  }

  get size(): number {
    return this.policies.length;
  }

  tenantAttributes(tenant: string): TenantAttributes {
    return this.tenants.get(tenant) ?? UNLISTED_TENANT;
  }

  decide(request: PolicyRequest): PolicyDecision {
    const principal = { type: STAFF_TYPE, id: request.principal.id };
    const resource = { type: TENANT_TYPE, id: request.tenant };
    const groups = request.principal.groups.map((id) => ({ type: GROUP_TYPE, id }));
    const entities: EntityJson[] = [
      { uid: principal, attrs: { email: request.principal.email ?? '' }, parents: groups },
      ...groups.map((uid) => ({ uid, attrs: {}, parents: [] })),
      { uid: resource, attrs: this.tenantAttributes(request.tenant), parents: [] },
    ];
    const answer = statefulIsAuthorized({
      principal,
      action: { type: ACTION_TYPE, id: request.action },
      resource,
      context: contextOf(request),
      preparsedPolicySetId: `${this.hash}:${request.action}`,
      entities,
    });
    if (answer.type === 'failure') {
      // Fail closed: a request Cedar cannot evaluate is refused, and says why.
      return { allowed: false, determining: [], errors: answer.errors.map((error) => error.message) };
    }
    const { decision, diagnostics } = answer.response;
    const errored = diagnostics.errors.map(({ policyId }) => this.byId.get(policyId));
    // A forbid that could not be evaluated (an attribute a tenant lacks) refuses: Cedar would skip it and allow.
    const brokenForbids = errored.filter((policy): policy is CompiledPolicy => policy?.effect === 'forbid');
    const determining =
      brokenForbids.length > 0 ? brokenForbids : diagnostics.reason.map((id) => this.byId.get(id) as CompiledPolicy);
    return {
      allowed: decision === 'allow' && brokenForbids.length === 0,
      determining: this.inOrder(determining),
      errors: diagnostics.errors.map(({ policyId, error }) => `${policyId}: ${error.message}`),
    };
  }

  private inOrder(policies: CompiledPolicy[]): DeterminingPolicy[] {
    return policies
      .filter(Boolean)
      .sort((a, b) => (this.order.get(a.id) ?? 0) - (this.order.get(b.id) ?? 0))
      .map(({ text: _text, actions: _actions, ...policy }) => policy);
  }
}

/** The context as Cedar takes it: `requester` is the requesting Staff entity, so a policy can compare principals. */
function contextOf(request: PolicyRequest): Context {
  const { requester, ...rest } = request.context;
  const context = rest as unknown as Context;
  return requester === undefined
    ? context
    : { ...context, requester: { __entity: { type: STAFF_TYPE, id: requester } } };
}
