import { recordPolicyLoaded, reloadAccessPolicy } from '../app/reload-access-policy.ts';
import type { Config } from '../config.ts';
import { ConfigError } from '../config-error.ts';
import type { UnitOfWork } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import { loadAccessPolicy } from '../policy/load-access-policy.ts';
import { formatProblem } from '../policy/policy-folder.ts';
import { ReloadableAccessPolicy } from '../policy/reloadable-access-policy.ts';
import type { SlackCompliancePoster } from '../slack/slack-compliance-poster.ts';
import { randomIds, systemClock } from '../system-clock.ts';

/**
 * The access policy of POLICY_DIR (or the one the settings imply), loaded at start: a set with problems stops the
 * start, naming each problem's file and line. `start` records the set in force; `reload` (SIGHUP) swaps it.
 */
export async function loadAccessPolicyFeature(config: Config) {
  const load = () =>
    loadAccessPolicy({
      policyDir: config.policy.dir,
      approverChannelId: config.slack.approverChannelId,
      ...config.grants,
    });
  const loaded = await load();
  if (!loaded.ok) throw new ConfigError(loaded.problems.map((problem) => `POLICY_DIR: ${formatProblem(problem)}`));
  const holder = new ReloadableAccessPolicy(loaded.policy);
  return {
    holder,
    /** Records the set in force (POLICY_LOADED): only by the process that decides requests with it. */
    recordStart: (unitOfWork: UnitOfWork) =>
      recordPolicyLoaded({ unitOfWork, ids: randomIds, clock: systemClock }, { ...loaded, trigger: 'start' }),
    reloader: (unitOfWork: UnitOfWork, poster: SlackCompliancePoster | null, logger: Logger) => () =>
      reloadAccessPolicy({
        unitOfWork,
        ids: randomIds,
        clock: systemClock,
        holder,
        load,
        warn: async (text, problems) => {
          logger.error({ problems }, text);
          await poster
            ?.postPolicyProblems(text, problems)
            .catch((error) => logger.warn({ error }, 'could not tell the compliance channel'));
        },
      }),
  };
}
