/**
 * Jira for tests: the demo's Jira (src/demo/demo-jira.ts: REST v2 issue reads and comments in Jira's shapes, Cloud
 * and Data Center credentials, the comment length limit, scripted failures, delays and held answers, a request log),
 * taking the tests' default credentials, with `waitFor` woken by each request it takes in (change-signal.ts).
 */
import { DemoJira, type DemoJiraOptions } from '../../src/demo/demo-jira.ts';
import { ChangeSignal } from './change-signal.ts';

export type { FailureScript, RecordedRequest } from '../../src/demo/demo-jira.ts';
export {
  JIRA_TEXT_LIMIT,
  type JiraComment as RecordedComment,
  type JiraIssueInput as FakeIssueInput,
  type StatusCategoryKey,
} from '../../src/demo/jira-issues.ts';

export type FakeJiraOptions = Omit<DemoJiraOptions, 'issues'>;

export const DEFAULT_CREDENTIALS = { email: 'grantdesk@example.test', apiToken: 'fake-jira-api-token' } as const;

export class FakeJira extends DemoJira {
  private readonly signal = new ChangeSignal();

  /** Takes DEFAULT_CREDENTIALS unless other basic credentials or a personal access token are given. */
  constructor(options: FakeJiraOptions = {}) {
    super((options.email && options.apiToken) || options.pat ? options : { ...options, ...DEFAULT_CREDENTIALS });
    this.onRequest(() => this.signal.changed());
  }

  stop(): Promise<void> {
    return this.close();
  }

  /**
   * Resolves with what `condition` returns once it is truthy, re-checking it after each request the fake takes in
   * (see change-signal.ts for the time limit); rejects naming the requests seen.
   */
  waitFor<T>(condition: () => T | undefined | null | false, timeoutMs?: number): Promise<T> {
    return this.signal.until(
      condition,
      () => {
        const seen = this.requests.map((request) => `${request.method} ${request.path} (${request.status})`).join(', ');
        return `fake Jira: condition not met; requests so far: ${seen || 'none'}`;
      },
      timeoutMs,
    );
  }
}

export async function startFakeJira(options: FakeJiraOptions = {}): Promise<FakeJira> {
  const fake = new FakeJira(options);
  await fake.start();
  return fake;
}
