/**
 * Which variables each command cannot run without. loadConfig checks them in the same pass as every value, so one
 * run names every bad and every missing variable together (a bad GRANT_MAX_DURATION does not hide a missing
 * JIRA_BASE_URL). A variable that is set but malformed is reported as malformed, never also as missing.
 */

/** `database`: every command on Postgres; `serve`, `worker` and `digest run` need more. */
export type ConfigNeeds = 'database' | 'serve' | 'worker' | 'digest';

/** What a command asks of the configuration: what it needs, and its name for the messages. */
export interface ConfigRequirement {
  readonly needs: ConfigNeeds;
  /** As typed after `grantdesk`, e.g. `digest run`. */
  readonly command: string;
}

/** One line per missing variable, `NAME: required for grantdesk <command>…`, in the order of the README. */
export function missingSettings({ needs, command }: ConfigRequirement, isSet: (name: string) => boolean): string[] {
  const missing: string[] = [];
  const required = (name: string, condition = '') => {
    if (!isSet(name)) missing.push(`${name}: required for grantdesk ${command}${condition}`);
  };
  required('DATABASE_URL');
  if (needs === 'serve') {
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'APPROVER_CHANNEL_ID', 'JIRA_BASE_URL']) {
      required(name);
    }
    // With POLICY_DIR, the policies say who approves (they may name usergroups instead of the "approvers" group).
    if (!isSet('APPROVER_USERGROUP_ID') && !isSet('POLICY_DIR')) {
      required('APPROVER_USER_IDS', ' unless APPROVER_USERGROUP_ID is set');
    }
  }
  if (needs === 'digest') {
    required('SLACK_BOT_TOKEN');
    required('COMPLIANCE_CHANNEL_ID');
  }
  // Half a pair of Jira credentials is a bad value, reported by loadConfig's cross-checks; here only none at all.
  const jiraCredentials = ['JIRA_PAT', 'JIRA_EMAIL', 'JIRA_API_TOKEN'].some(isSet);
  if ((needs === 'serve' || needs === 'worker') && isSet('JIRA_BASE_URL') && !jiraCredentials) {
    // A worker may run without Jira, but a JIRA_BASE_URL without credentials could only fail every comment.
    const alongside = needs === 'serve' ? 'JIRA_API_TOKEN' : 'JIRA_BASE_URL and JIRA_API_TOKEN';
    missing.push(`JIRA_EMAIL: required for grantdesk ${command} with ${alongside}, unless JIRA_PAT is set`);
  }
  return missing;
}
