import { CedarAccessPolicy } from './cedar-access-policy.ts';
import type { PolicyProblem } from './cedar-policy-set.ts';
import { loadPolicyFolder } from './policy-folder.ts';

export interface AccessPolicySettings {
  policyDir: string | undefined;
  requiredApprovals: number;
  maxDurationMs: number;
  approverChannelId: string | undefined;
}

export type LoadedAccessPolicy =
  | { ok: true; policy: CedarAccessPolicy; tenants: number }
  | { ok: false; problems: PolicyProblem[] };

/** POLICY_DIR's set, checked; or, without POLICY_DIR, the set the settings imply. */
export async function loadAccessPolicy(settings: AccessPolicySettings): Promise<LoadedAccessPolicy> {
  if (!settings.policyDir) return { ok: true, policy: CedarAccessPolicy.fromSettings(settings), tenants: 0 };
  const loaded = await loadPolicyFolder(settings.policyDir);
  if (!loaded.ok) return loaded;
  return { ok: true, policy: CedarAccessPolicy.fromFolder(loaded.folder), tenants: loaded.folder.tenants.size };
}
