import { randomBytes } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { AuditStore } from '../db/audit-store.ts';
import type { Models } from '../db/models.ts';
import { hashToken } from '../db/token-store.ts';
import type { ApiScope, ApiToken } from '../domain/api-token.ts';
import { auditEvent } from '../domain/audit-event.ts';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { Actor } from '../domain/grant.ts';
import type { Clock, IdSource } from '../domain/ports.ts';

export interface CreateTokenInput {
  name: string;
  scopes: ApiScope[];
  tenant: string | null;
  expiresInMs: number | null;
  actor: Actor;
}

/** 32 random bytes (256 bits), base64url, behind a `gd_` prefix that secret scanners can match. */
const newSecret = () => `gd_${randomBytes(32).toString('base64url')}`;

/** Creates a token and its API_TOKEN_CREATED event together; returns the secret, which is never stored. */
export async function createApiToken(
  deps: { sequelize: Sequelize; models: Models; clock: Clock; ids: IdSource },
  input: CreateTokenInput,
): Promise<{ token: ApiToken; secret: string }> {
  const name = input.name.trim();
  if (!/^[\w.:-]{1,64}$/.test(name)) {
    throw new GrantdeskError(ErrorCode.InvalidInput, 'token name: use 1–64 letters, digits and _ . : -', {
      field: 'name',
    });
  }
  const at = deps.clock.now();
  const token: ApiToken = {
    id: deps.ids.uuid(),
    name,
    scopes: input.scopes,
    tenant: input.tenant,
    createdAt: at,
    expiresAt: input.expiresInMs ? new Date(at.getTime() + input.expiresInMs) : null,
    revokedAt: null,
    lastUsedAt: null,
  };
  const secret = newSecret();
  await deps.sequelize.transaction(async (transaction) => {
    const clash = await deps.models.ApiToken.findOne({ where: { name, revokedAt: null }, transaction });
    if (clash) {
      throw new GrantdeskError(ErrorCode.Conflict, `a live token named ${name} exists: revoke it or pick another name`);
    }
    await deps.models.ApiToken.create({ ...token, tokenHash: hashToken(secret) }, { transaction });
    await new AuditStore(deps.sequelize, transaction, deps.ids).append([
      auditEvent({
        type: 'API_TOKEN_CREATED',
        actor: input.actor,
        occurredAt: at,
        tenant: token.tenant,
        details: { tokenId: token.id, name, scopes: token.scopes, expiresAt: token.expiresAt },
      }),
    ]);
  });
  return { token, secret };
}
