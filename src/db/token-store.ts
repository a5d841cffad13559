import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import type { ApiScope, ApiToken } from '../domain/api-token.ts';
import type { Models, Row } from './models.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function tokenFromRow(row: Row): ApiToken {
  const date = (v: unknown) => (v == null ? null : new Date(v as string));
  return {
    id: String(row.id),
    name: String(row.name),
    scopes: row.scopes as ApiScope[],
    tenant: (row.tenant as string | null) ?? null,
    createdAt: new Date(row.createdAt as string),
    expiresAt: date(row.expiresAt),
    revokedAt: date(row.revokedAt),
    lastUsedAt: date(row.lastUsedAt),
  };
}

/** API tokens are stored only as the SHA-256 of the secret; the secret itself is shown once, at creation. */
export class TokenStore {
  constructor(private readonly models: Models) {}

  async findBySecret(secret: string): Promise<ApiToken | undefined> {
    const row = await this.models.ApiToken.findOne({ where: { tokenHash: hashToken(secret) } });
    return row ? tokenFromRow(row.get({ plain: true })) : undefined;
  }

  async list(includeRevoked = false): Promise<ApiToken[]> {
    const rows = await this.models.ApiToken.findAll({
      where: includeRevoked ? {} : { revokedAt: { [Op.is]: null } },
      order: [['createdAt', 'ASC']],
    });
    return rows.map((r) => tokenFromRow(r.get({ plain: true })));
  }

  /** A live token by id or name. */
  async findLive(idOrName: string): Promise<ApiToken | undefined> {
    const isUuid = /^[0-9a-f-]{36}$/i.test(idOrName);
    const row = await this.models.ApiToken.findOne({
      where: { revokedAt: { [Op.is]: null }, ...(isUuid ? { id: idOrName } : { name: idOrName }) },
    });
    return row ? tokenFromRow(row.get({ plain: true })) : undefined;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.models.ApiToken.update({ lastUsedAt: at }, { where: { id } });
  }
}
