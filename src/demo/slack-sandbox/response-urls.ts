/**
 * response_url bookkeeping: each command or interaction gets its own URL, which remembers where it came from (who,
 * which channel, which message) so that what the app posts to it lands there. Slack accepts "up to 5 times within
 * 30 minutes": https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
 */
import { randomBytes } from 'node:crypto';

const MAX_USES = 5;
const LIFETIME_MS = 30 * 60_000;

export interface ResponseContext {
  userId: string;
  channel: string;
  /** The message the interaction came from, when it came from one. */
  messageTs?: string;
  /** Whether that message is an ephemeral one (only `userId` sees it). */
  ephemeral?: boolean;
  threadTs?: string;
}

interface Issued {
  context: ResponseContext | null;
  issuedAt: number;
  uses: number;
}

export class ResponseUrls {
  private readonly issued = new Map<string, Issued>();

  constructor(
    private readonly origin: string,
    private readonly teamId: string,
    private readonly now: () => number,
  ) {}

  /**
   * A URL shaped like Slack's `https://hooks.slack.com/commands/T…/…/…`, on this server. A null context is a URL
   * whose replies are checked and recorded but land nowhere, as a test that only reads them wants.
   */
  issue(kind: 'commands' | 'actions', context: ResponseContext | null): string {
    const path = `/${kind}/${this.teamId}/${Date.now()}/${randomBytes(12).toString('hex')}`;
    this.issued.set(path, { context, issuedAt: this.now(), uses: 0 });
    return `${this.origin}${path}`;
  }

  isResponsePath(path: string): boolean {
    return this.issued.has(path);
  }

  /** Counts a use and returns the context, or says why Slack would refuse it. */
  use(path: string): ResponseContext | null | 'used_url' | 'expired_url' | undefined {
    const issued = this.issued.get(path);
    if (!issued) return undefined;
    if (this.now() - issued.issuedAt > LIFETIME_MS) return 'expired_url';
    if (issued.uses >= MAX_USES) return 'used_url';
    issued.uses += 1;
    return issued.context;
  }
}
