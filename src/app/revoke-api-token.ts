import type { ApiToken } from '../domain/api-token.ts';
import { auditEvent } from '../domain/audit-event.ts';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { Actor } from '../domain/grant.ts';
import type { Clock, UnitOfWork } from '../domain/ports.ts';

/** Revokes a live token (by id or name) with its API_TOKEN_REVOKED event; revoking twice says so. */
export async function revokeApiToken(
  deps: { unitOfWork: UnitOfWork; clock: Clock },
  input: { idOrName: string; actor: Actor },
): Promise<ApiToken> {
  const at = deps.clock.now();
  return deps.unitOfWork.run(async (scope) => {
    const token = await scope.tokens.lockLive(input.idOrName);
    if (!token) {
      throw new GrantdeskError(
        ErrorCode.NotFound,
        `no live token ${input.idOrName}: grantdesk token list shows the live ones`,
      );
    }
    await scope.tokens.revoke(token.id, at);
    await scope.audit.append([
      auditEvent({
        type: 'API_TOKEN_REVOKED',
        actor: input.actor,
        occurredAt: at,
        tenant: token.tenant,
        details: { tokenId: token.id, name: token.name },
      }),
    ]);
    return { ...token, revokedAt: at };
  });
}
