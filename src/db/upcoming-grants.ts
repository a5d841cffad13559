import { Op } from 'sequelize';
import type { Grant } from '../domain/grant.ts';
import { breakGlassReviewWithinOf, type GrantPolicy } from '../domain/grant-policy.ts';
import type { GrantQueries } from './grant-store.ts';
import type { Models } from './models.ts';

type Source = {
  models: Models;
  grants: Pick<GrantQueries, 'withApprovals'>;
  policy: Pick<GrantPolicy, 'pendingTtlMs' | 'breakGlassReviewWithinMs'>;
};

/**
 * Grants with a timer due in (from, to]: ACTIVE ones expiring then, PENDING ones lapsing then, and break-glass ones
 * due for review then, whatever their status (a break-glass has usually ended by then). Walked in pages by
 * (time, id), so any number of them is visited in bounded memory. `reviewsFrom`, at or before `from`, reaches further
 * back for reviews: a review reminder has no sweep of its own to catch it once due, so its lost job is put back late.
 */
export async function* upcomingGrants(
  source: Source,
  range: { from: Date; to: Date; reviewsFrom?: Date },
  pageSize: number,
): AsyncGenerator<Grant[]> {
  const { from, to } = range;
  const ttl = source.policy.pendingTtlMs;
  yield* pages(source, 'expiresAt', { status: 'ACTIVE' }, from, to, pageSize);
  // A request lapses at requestedAt + PENDING_TTL, so lapsing in (from, to] means requested in (from − ttl, to − ttl].
  yield* pages(source, 'requestedAt', { status: 'PENDING' }, shift(from, -ttl), shift(to, -ttl), pageSize);
  // Likewise a break-glass is due for review at startTime + BREAK_GLASS_REVIEW_WITHIN.
  const within = breakGlassReviewWithinOf(source.policy);
  const reviewsFrom = range.reviewsFrom ?? from;
  yield* pages(source, 'startTime', { breakGlass: true }, shift(reviewsFrom, -within), shift(to, -within), pageSize);
}

async function* pages(
  source: Source,
  column: 'expiresAt' | 'requestedAt' | 'startTime',
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
    after = { at: last[column] as Date, id: last.id };
  }
}

const shift = (at: Date, ms: number) => new Date(at.getTime() + ms);
