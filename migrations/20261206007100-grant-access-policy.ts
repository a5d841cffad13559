import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * What access policy decided for a grant (DESIGN.md §6): its access level (read unless write was asked for), the
 * approvals it needs and the channel its card goes to (null: REQUIRED_APPROVALS and APPROVER_CHANNEL_ID), and the
 * policy that approved it at once, if one did. Existing grants were all read access routed by the settings.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    ALTER TABLE grants
      ADD COLUMN access_level text NOT NULL DEFAULT 'read' CHECK (access_level IN ('read', 'write')),
      ADD COLUMN required_approvals integer CHECK (required_approvals >= 1),
      ADD COLUMN approver_channel_id text,
      ADD COLUMN approved_by_policy text;
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    ALTER TABLE grants
      DROP COLUMN access_level,
      DROP COLUMN required_approvals,
      DROP COLUMN approver_channel_id,
      DROP COLUMN approved_by_policy;
  `);
}
