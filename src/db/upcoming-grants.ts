import { Op } from 'sequelize';
import type { Grant } from '../domain/grant.ts';
import type { GrantPolicy } from '../domain/grant-policy.ts';
import type { GrantQueries } from './grant-store.ts';
import type { Models } from './models.ts';

type Source = {
  models: Models;
  grants: Pick<GrantQueries, 'withApprovals'>;
  policy: Pick<GrantPolicy, 'pendingTtlMs'>;
};

/**
 * Grants with a timer due in (from, to]: ACTIVE ones expiring then, PENDING ones lapsing then. Walked in pages by
 * (time, id), so any number of them is visited in bounded memory.
 */
export async function* upcomingGrants(source: Source, from: Date, to: Date, pageSize: number): AsyncGenerator<Grant[]> {
  const ttl = source.policy.pendingTtlMs;
  yield* pages(source, 'expiresAt', { status: 'ACTIVE' }, from, to, pageSize);
  // A request lapses at requestedAt + PENDING_TTL, so lapsing in (from, to] means requested in (from − ttl, to − ttl].
  yield* pages(source, 'requestedAt', { status: 'PENDING' }, shift(from, -ttl), shift(to, -ttl), pageSize);
}

async function* pages(
  source: Source,
  column: 'expiresAt' | 'requestedAt',
  where: Record<string, unknown>,
  from: Date,
  to: Date,
  pageSize: number,
): AsyncGenerator<Grant[]> {
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const range = { [Op.gt]: from, [Op.lte]: to };
    const keyset = after
      ? { [Op.or]: [{ [column]: { [Op.gt]: after.at } }, { [column]: after.at, id: { [Op.gt]: after.id } }] }
      : {};
    const rows = await source.models.Grant.findAll({
      where: { ...where, [column]: range, ...keyset },
      order: [
        [column, 'ASC'],
        ['id', 'ASC'],
      ],
      limit: pageSize,
    });
    if (rows.length === 0) return;
    const grants = await source.grants.withApprovals(rows.map((row) => row.get({ plain: true })));
    yield grants;
    if (rows.length < pageSize) return;
    const last = grants[grants.length - 1] as Grant;
    after = { at: (column === 'expiresAt' ? last.expiresAt : last.requestedAt) as Date, id: last.id };
  }
}

const shift = (at: Date, ms: number) => new Date(at.getTime() + ms);
