import type { Config } from '../config.ts';
import type { CommandContext } from './command-context.ts';
import { exportCommand } from './export-command.ts';
import { UsageError } from './usage-error.ts';
import { withOperatorServices } from './with-operator-services.ts';

export function auditCommand({ args, flags, out }: CommandContext, config: Config): Promise<number> {
  const [action] = args;
  if (action === 'verify') {
    const sinceSeq = flags.since === undefined ? undefined : Number(flags.since);
    if (sinceSeq !== undefined && (!Number.isInteger(sinceSeq) || sinceSeq < 1)) {
      throw new UsageError(`--since: expected a seq number like 1000, got "${flags.since}"`);
    }
    return withOperatorServices(config, 'audit verify', async (services) => {
      const verdict = await services.verifyAuditChain(sinceSeq ? { sinceSeq } : {});
      if (verdict.ok) {
        const head = verdict.head ? `head seq ${verdict.head.seq} ${verdict.head.hash}` : 'the trail is empty';
        out(`Audit chain intact: ${verdict.checked} event(s) checked; ${head}`);
        return 0;
      }
      out(
        `Audit chain BROKEN at seq ${verdict.brokenSeq}: ${verdict.problem} (${verdict.checked} event(s) before it are intact)`,
      );
      return 1;
    });
  }
  if (action === 'head') {
    return withOperatorServices(config, 'audit head', async (services) => {
      const state = await services.auditChainHead();
      out(`${state.headSeq} ${state.headHash}`);
      return 0;
    });
  }
  if (action === 'export') return exportCommand({ args, flags, out }, config);
  throw new UsageError(action ? `Unknown audit action: ${action}` : 'audit needs an action: verify, head or export');
}
