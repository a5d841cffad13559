/**
 * The real Grantdesk inside the demo: started with startGrantdesk exactly as `grantdesk serve` starts it, and
 * connected to the sandbox as a Slack app's request URL is. It can be paused around work that must not race its
 * workers (see whileStopped).
 */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { startGrantdesk } from '../main.ts';
import type { RunningGrantdesk } from '../wiring/running-grantdesk.ts';
import type { SlackSandbox } from './slack-sandbox/slack-sandbox.ts';

export class DemoApp {
  private running: RunningGrantdesk | undefined;
  /**
   * The port Grantdesk took on its first start (PORT=0: any free one), asked for again on every restart, so what
   * was pointed at it (the support console's client, the demo Jira's webhook) finds it again after a pause.
   */
  private port: number | undefined;
  /** Start, stop and pauses happen one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly sandbox: SlackSandbox,
  ) {}

  start(): Promise<void> {
    return this.serially(() => this.startNow());
  }

  stop(): Promise<void> {
    return this.serially(() => this.stopNow());
  }

  /**
   * Runs `work` with Grantdesk stopped, then starts it again if it was running. The seed needs this: it records
   * last week's requests and approvals, and a running Grantdesk would expire or lapse each one by today's clock the
   * moment it was written, before the seed could play what happened next. Restarted, it finds them already settled
   * and only posts their cards and messages.
   */
  whileStopped<T>(work: () => Promise<T>): Promise<T> {
    return this.serially(async () => {
      const wasRunning = this.running !== undefined;
      await this.stopNow();
      try {
        return await work();
      } finally {
        if (wasRunning) await this.startNow();
      }
    });
  }

  /** Where Grantdesk serves its REST API and webhooks, once it has started. */
  get url(): string {
    if (this.port === undefined) throw new Error('Grantdesk has not started yet');
    return `http://127.0.0.1:${this.port}`;
  }

  private async startNow(): Promise<void> {
    if (this.running) return;
    const config = this.port === undefined ? this.config : { ...this.config, port: this.port };
    this.running = await startGrantdesk(config, this.logger, { http: true, workers: true });
    this.port = this.running.port ?? undefined;
    this.sandbox.connectApp(`${this.url}/slack/events`);
  }

  private async stopNow(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    this.sandbox.disconnectApp();
    await running.close();
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
