import type { Sequelize } from 'sequelize';
import { AuditStore } from '../db/audit-store.ts';
import type { Models } from '../db/models.ts';
import type { ApiToken } from '../domain/api-token.ts';
import { auditEvent } from '../domain/audit-event.ts';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { Actor } from '../domain/grant.ts';
import type { Clock, IdSource } from '../domain/ports.ts';

/** Revokes a live token (by id or name) with its API_TOKEN_REVOKED event; revoking twice says so. */
export async function revokeApiToken(
  deps: { sequelize: Sequelize; models: Models; clock: Clock; ids: IdSource },
  input: { idOrName: string; actor: Actor },
): Promise<ApiToken> {
  const at = deps.clock.now();
  return deps.sequelize.transaction(async (transaction) => {
    const isUuid = /^[0-9a-f-]{36}$/i.test(input.idOrName);
    const row = await deps.models.ApiToken.findOne({
      where: { revokedAt: null, ...(isUuid ? { id: input.idOrName } : { name: input.idOrName }) },
      lock: transaction.LOCK.UPDATE,
      transaction,
    });
    if (!row) {
      throw new GrantdeskError(
        ErrorCode.NotFound,
        `no live token ${input.idOrName}: grantdesk token list shows the live ones`,
      );
    }
    await row.update({ revokedAt: at }, { transaction });
    const token = row.get({ plain: true }) as unknown as ApiToken;
    await new AuditStore(deps.sequelize, transaction, deps.ids).append([
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
