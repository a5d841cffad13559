import { formatDuration } from '../duration.ts';

/**
 * The group that stands for the configured approvers (APPROVER_USER_IDS and the members of APPROVER_USERGROUP_ID).
 * The default policy names it; a policy folder may too.
 */
export const CONFIGURED_APPROVERS_GROUP = 'approvers';

export interface DefaultPolicySettings {
  requiredApprovals: number;
  maxDurationMs: number;
  approverChannelId?: string | undefined;
}

/**
 * The policy set that says what the environment settings say (DESIGN.md §3), used when POLICY_DIR is unset: anyone
 * may request any tenant, with REQUIRED_APPROVALS approvals in APPROVER_CHANNEL_ID for at most GRANT_MAX_DURATION;
 * the configured approvers approve; nothing is approved at once and nobody breaks glass.
 */
export function defaultPolicyText(settings: DefaultPolicySettings): string {
  const routing = [
    settings.approverChannelId ? `@approver_channel("${settings.approverChannelId}")` : '',
    `@approvals("${settings.requiredApprovals}")`,
    `@max_duration("${formatDuration(settings.maxDurationMs)}")`,
  ].filter(Boolean);
  return [
    '@id("default-request")',
    ...routing,
    'permit (principal, action == Grantdesk::Action::"request", resource);',
    '',
    '@id("default-approve")',
    `permit (principal in Grantdesk::Group::"${CONFIGURED_APPROVERS_GROUP}", action == Grantdesk::Action::"approve", resource);`,
    '',
  ].join('\n');
}
