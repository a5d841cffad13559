/**
 * Every project's first global setup. vitest.config.ts points TMPDIR at a folder of this run's own before any test
 * process starts, so whatever a test makes under os.tmpdir() (policy folders, installs, screenshots, an embedded
 * Postgres) lands there; the last project to finish removes it, and a run leaves nothing behind in /tmp, even for a
 * test that failed before its own clean-up. Other runs beside this one have folders of their own.
 */
import { rm } from 'node:fs/promises';

const shared = globalThis as typeof globalThis & { grantdeskRunFolderUsers?: number };

export default function setup(): () => Promise<void> {
  shared.grantdeskRunFolderUsers = (shared.grantdeskRunFolderUsers ?? 0) + 1;
  return async () => {
    shared.grantdeskRunFolderUsers = (shared.grantdeskRunFolderUsers ?? 1) - 1;
    const folder = process.env.GRANTDESK_TEST_RUN_FOLDER;
    if (shared.grantdeskRunFolderUsers === 0 && folder) await rm(folder, { recursive: true, force: true });
  };
}
