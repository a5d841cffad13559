import { createHash } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { ApiScope, ApiToken } from '../domain/api-token.ts';
import type { ApiTokenWriter } from '../domain/ports.ts';
import type { Models, Row } from './models.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A live token by id (a UUID) or by name. */
const liveByIdOrName = (idOrName: string) => ({
  revokedAt: { [Op.is]: null },
  ...(/^[0-9a-f-]{36}$/i.test(idOrName) ? { id: idOrName } : { name: idOrName }),
});

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
    const row = await this.models.ApiToken.findOne({ where: liveByIdOrName(idOrName) });
    return row ? tokenFromRow(row.get({ plain: true })) : undefined;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.models.ApiToken.update({ lastUsedAt: at }, { where: { id } });
  }
}

/** The token writes of one transaction (create, revoke): see TransactionScope. */
export class TokenWriter implements ApiTokenWriter {
  constructor(
    private readonly models: Models,
    private readonly transaction: Transaction,
  ) {}

  async hasLive(name: string): Promise<boolean> {
    const where = { name, revokedAt: { [Op.is]: null } };
    return (await this.models.ApiToken.count({ where, transaction: this.transaction })) > 0;
  }

  async insert(token: ApiToken, secret: string): Promise<void> {
    await this.models.ApiToken.create({ ...token, tokenHash: hashToken(secret) }, { transaction: this.transaction });
  }

  async lockLive(idOrName: string): Promise<ApiToken | undefined> {
    const row = await this.models.ApiToken.findOne({
      where: liveByIdOrName(idOrName),
      lock: this.transaction.LOCK.UPDATE,
      transaction: this.transaction,
    });
    return row ? tokenFromRow(row.get({ plain: true })) : undefined;
  }

  async revoke(id: string, at: Date): Promise<void> {
    await this.models.ApiToken.update({ revokedAt: at }, { where: { id }, transaction: this.transaction });
  }
}
