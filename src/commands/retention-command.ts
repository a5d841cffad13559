import type { Config } from '../config.ts';
import type { CommandContext } from './command-context.ts';
import { operator } from './operator.ts';
import { UsageError } from './usage-error.ts';
import { withOperatorServices } from './with-operator-services.ts';

/** `retention set <tenant> <days>`, `retention list`, `retention purge` (what the daily schedule runs, now). */
export function retentionCommand({ args, out }: CommandContext, config: Config): Promise<number> {
  const [action, tenant, daysText] = args;
  const fallback = `${config.audit.retentionDays} days (AUDIT_RETENTION_DAYS)`;
  if (action === 'set') {
    if (!tenant || !daysText) throw new UsageError('retention set needs a tenant and a number of days');
    if (!/^\d+$/.test(daysText)) throw new UsageError(`days: expected a whole number like 400, got "${daysText}"`);
    return withOperatorServices(config, 'retention set', async (services) => {
      const set = await services.setRetentionPolicy({ tenant, days: Number(daysText), actor: operator });
      const was = set.previousDays === null ? `the default, ${fallback}` : `${set.previousDays} days`;
      out(`Retention for ${set.tenant}: ${set.days} days (was ${was}).`);
      return 0;
    });
  }
  if (action === 'list') {
    return withOperatorServices(config, 'retention list', async (services) => {
      out(`default  ${fallback}`);
      for (const policy of await services.listRetentionPolicies()) {
        out(`${policy.tenant}  ${policy.days} days  set ${policy.updatedAt.toISOString()}`);
      }
      return 0;
    });
  }
  if (action === 'purge') {
    return withOperatorServices(config, 'retention purge', async (services) => {
      const report = await services.purgeAudit();
      if (!report.checkpoint) {
        out('Nothing to purge: no event at the start of the trail is past its retention.');
        return 0;
      }
      const byTenant = report.byTenant.map((t) => `${t.tenant ?? '(no tenant)'}=${t.count}`).join(', ');
      out(`Purged ${report.deleted} event(s) (${byTenant}); audit verify now starts at seq ${report.checkpoint.seq}.`);
      return 0;
    });
  }
  throw new UsageError(
    action ? `Unknown retention action: ${action}` : 'retention needs an action: set, list or purge',
  );
}
