import type { Config } from '../config.ts';
import { parseScopes } from '../domain/api-token.ts';
import { parseDuration } from '../domain/duration.ts';
import type { CommandContext } from './command-context.ts';
import { operator } from './operator.ts';
import { UsageError } from './usage-error.ts';
import { withOperatorServices } from './with-operator-services.ts';

export function tokenCommand({ args, flags, out }: CommandContext, config: Config): Promise<number> {
  const [action, target] = args;
  if (action === 'create') {
    if (typeof flags.name !== 'string' || typeof flags.scopes !== 'string') {
      throw new UsageError('token create needs --name and --scopes');
    }
    const scopes = parseScopes(flags.scopes);
    const expiresInMs = typeof flags.expires === 'string' ? parseDuration(flags.expires) : null;
    if (expiresInMs === undefined)
      throw new UsageError(`--expires: expected a duration like 90d, got "${flags.expires}"`);
    return withOperatorServices(config, 'token create', async (services) => {
      const tenant = typeof flags.tenant === 'string' ? flags.tenant : null;
      const { token, secret } = await services.createApiToken({
        name: flags.name as string,
        scopes,
        tenant,
        expiresInMs,
        actor: operator,
      });
      out(`Created token ${token.name} (${token.id}) with scopes ${token.scopes.join(', ')}`);
      out(`tenant: ${token.tenant ?? 'all'}; expires: ${token.expiresAt?.toISOString() ?? 'never'}`);
      out('Store it now: it is shown only this once.');
      out(secret);
      return 0;
    });
  }
  if (action === 'list') {
    return withOperatorServices(config, 'token list', async (services) => {
      const tokens = await services.listApiTokens({ includeRevoked: Boolean(flags.all) });
      if (tokens.length === 0) out('No tokens.');
      for (const t of tokens) {
        const state = t.revokedAt
          ? `revoked ${t.revokedAt.toISOString()}`
          : `expires ${t.expiresAt?.toISOString() ?? 'never'}`;
        out(
          `${t.id}  ${t.name}  ${t.scopes.join(',')}  tenant=${t.tenant ?? '*'}  ${state}  last used ${t.lastUsedAt?.toISOString() ?? 'never'}`,
        );
      }
      return 0;
    });
  }
  if (action === 'revoke') {
    if (!target) throw new UsageError('token revoke needs the token id or name');
    return withOperatorServices(config, 'token revoke', async (services) => {
      const token = await services.revokeApiToken({ idOrName: target, actor: operator });
      out(`Revoked token ${token.name} (${token.id}).`);
      return 0;
    });
  }
  throw new UsageError(action ? `Unknown token action: ${action}` : 'token needs an action: create, list or revoke');
}
