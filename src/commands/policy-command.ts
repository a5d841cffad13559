import type { Config } from '../config.ts';
import { parseDuration } from '../domain/duration.ts';
import { breakGlassMaxDurationOf } from '../domain/grant-policy.ts';
import { CONFIGURED_APPROVERS_GROUP } from '../domain/policy/default-policy.ts';
import { policyContextOf } from '../domain/policy/policy-context.ts';
import { type LoadedAccessPolicy, loadAccessPolicy } from '../policy/load-access-policy.ts';
import { formatProblem } from '../policy/policy-folder.ts';
import { systemClock } from '../system-clock.ts';
import type { CommandContext } from './command-context.ts';
import { explainBreakGlass, explainRequest } from './policy-explanation.ts';
import { UsageError } from './usage-error.ts';

/**
 * `policy check`: validates POLICY_DIR (or --dir) against its schema; exit 1 with one `file:line: problem` per line.
 * `policy explain --requester U… --tenant T --duration 2h [--action break_glass] [--access write] [--groups S1,S2]
 * [--assignee]`: the decision such a request (or, with --action break_glass, such a `/grant emergency`) would get
 * and the policies behind it. Slack is not asked: --groups says which usergroups
 * the requester is in (the configured approvers are known from the settings), --assignee that they are the ticket's
 * assignee.
 */
export async function policyCommand({ args, flags, out }: CommandContext, config: Config): Promise<number> {
  const [action] = args;
  const policyDir = typeof flags.dir === 'string' ? flags.dir : config.policy.dir;
  const load = () =>
    loadAccessPolicy({ policyDir, approverChannelId: config.slack.approverChannelId, ...config.grants });
  if (action === 'check') {
    const loaded = await load();
    if (!loaded.ok) return reportProblems(loaded, out);
    const { policy } = loaded;
    out(`${policy.source}: ${policy.size} policies, ${loaded.tenants} tenants, valid (sha256 ${policy.hash})`);
    return 0;
  }
  if (action === 'explain') {
    const requester = stringFlag(flags.requester, '--requester U0123ABCD');
    const tenant = stringFlag(flags.tenant, '--tenant acme');
    const durationMs = parseDuration(stringFlag(flags.duration, '--duration 2h'));
    if (durationMs === undefined)
      throw new UsageError(`--duration: expected a duration like 2h, got "${flags.duration}"`);
    const explained = flags.action ?? 'request';
    if (explained !== 'request' && explained !== 'break_glass')
      throw new UsageError(`--action: expected request or break_glass, got "${explained}"`);
    const access = flags.access ?? 'read';
    if (access !== 'read' && access !== 'write')
      throw new UsageError(`--access: expected read or write, got "${access}"`);
    const loaded = await load();
    if (!loaded.ok) return reportProblems(loaded, out);
    const listed = typeof flags.groups === 'string' ? flags.groups.split(',').map((group) => group.trim()) : [];
    const approver = config.approvers.userIds.includes(requester) ? [CONFIGURED_APPROVERS_GROUP] : [];
    const principal = { id: requester, email: null, groups: [...listed.filter(Boolean), ...approver] };
    const context = policyContextOf({
      durationMs,
      accessLevel: access,
      targetUser: null,
      // The requester's own ticket when --assignee is given (an email standing for theirs); open, as Grantdesk requires.
      ticket: {
        key: 'OPS-1',
        summary: '',
        status: 'In Progress',
        statusCategory: 'indeterminate',
        assignee: flags.assignee ? requester : null,
        ...(flags.assignee && { assigneeEmail: `${requester}@explain.invalid` }),
        url: '',
      },
      requesterEmail: flags.assignee ? `${requester}@explain.invalid` : null,
      at: systemClock.now(),
      timeZone: config.digest.timezone,
    });
    const ask = (action: 'request' | 'auto_approve' | 'break_glass') =>
      loaded.policy.decide({ action, principal, tenant, context });
    const maxMs = breakGlassMaxDurationOf(config.grants);
    const lines =
      explained === 'break_glass'
        ? explainBreakGlass({ tenant, durationMs, maxMs, decision: ask('break_glass') })
        : explainRequest({
            tenant,
            durationMs,
            accessLevel: access,
            request: ask('request'),
            autoApprove: ask('auto_approve'),
            requiredApprovals: config.grants.requiredApprovals,
            approverChannelId: config.slack.approverChannelId,
          });
    for (const line of lines) out(line);
    return 0;
  }
  throw new UsageError('policy needs check or explain');
}

function stringFlag(value: string | boolean | undefined, example: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`policy explain needs ${example}`);
  return value.trim();
}

function reportProblems(loaded: Extract<LoadedAccessPolicy, { ok: false }>, out: (line: string) => void): number {
  for (const problem of loaded.problems) out(formatProblem(problem));
  out(`${loaded.problems.length} problem(s): the policy set was not loaded.`);
  return 1;
}
