import { randomBytes } from 'node:crypto';
import type { ApiScope, ApiToken } from '../domain/api-token.ts';
import { auditEvent } from '../domain/audit-event.ts';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { Actor } from '../domain/grant.ts';
import type { Clock, IdSource, UnitOfWork } from '../domain/ports.ts';

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
  deps: { unitOfWork: UnitOfWork; clock: Clock; ids: IdSource },
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
  await deps.unitOfWork.run(async (scope) => {
    if (await scope.tokens.hasLive(name)) {
      throw new GrantdeskError(ErrorCode.Conflict, `a live token named ${name} exists: revoke it or pick another name`);
    }
    await scope.tokens.insert(token, secret);
    await scope.audit.append([
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
