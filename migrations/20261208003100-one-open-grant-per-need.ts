import { QueryTypes } from 'sequelize';
import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * One request per need: a requester may have one PENDING or ACTIVE grant per tenant and target user (no target user
 * is a need of its own, hence the coalesce). Approval keeps the grant in the index (PENDING becomes ACTIVE), so a
 * second request is refused both while the first waits and while it is active. The index decides a race between two
 * requests (auto-approved ones included), so both cannot pass however close together they come; the request use
 * case names the first to the second (src/app/request-grant.ts).
 *
 * Grants already open twice for one need cannot be indexed; they are not decided here (a state change needs its
 * audit event), so the migration stops and names them for an operator to settle first.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  const duplicates = await queryInterface.sequelize.query<{ codes: string }>(
    `SELECT string_agg(short_code, ', ' ORDER BY requested_at) AS codes FROM grants WHERE status IN ('PENDING', 'ACTIVE')
     GROUP BY requester_id, tenant, coalesce(target_user, '') HAVING count(*) > 1`,
    { type: QueryTypes.SELECT },
  );
  if (duplicates.length > 0) {
    throw new Error(
      `Grants open twice for one need: ${duplicates.map((row) => row.codes).join('; ')}. ` +
        'End, cancel or decide all but the first of each (or let them lapse or expire), then migrate again.',
    );
  }
  await queryInterface.sequelize.query(`
    CREATE UNIQUE INDEX grants_one_open_per_need ON grants (requester_id, tenant, coalesce(target_user, ''))
      WHERE status IN ('PENDING', 'ACTIVE');
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query('DROP INDEX grants_one_open_per_need');
}
