import type { Config } from '../config.ts';
import { migrateDown, migrateUp } from '../db/migrator.ts';
import type { CommandContext } from './command-context.ts';
import { withDatabase } from './open-database.ts';

export function migrateCommand({ flags, out }: CommandContext, config: Config): Promise<number> {
  return withDatabase(config, 'migrate', async (sequelize) => {
    if (flags.down) {
      const reverted = await migrateDown(sequelize);
      out(reverted.length ? `reverted ${reverted.join(', ')}` : 'Nothing to revert.');
      return 0;
    }
    const applied = await migrateUp(sequelize);
    for (const name of applied) out(`applied ${name}`);
    out(applied.length ? `${applied.length} migration(s) applied.` : 'Database is up to date.');
    return 0;
  });
}
