import pg from 'pg';
import { openQueueBackend } from '../jobs/open-queue-backend.ts';
import { jobIdOf } from '../jobs/outbox-job.ts';
import { QueueNames } from '../jobs/queue-names.ts';
import { createLogger } from '../src/logger.ts';
import { ActionId } from '../src/slack/blocks/action-ids.ts';
import type { FakeMessage, FakeSlack, RecordedCall } from '../test/fakes/fake-slack.ts';
import { CHANNEL } from './bench-fakes.ts';
import { processCpuMs } from './process-cpu.ts';

export interface Figures {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

/**
 * What the fake Slack has been asked, tallied as it comes: cards posted (minus duplicates deleted) and when each card
 * was first updated to show an approval. Scans each recorded call once, so waiting on it costs this process little.
 */
export class SlackTally {
  cards = 0;
  readonly approvedAt = new Map<string, number>();
  private scanned = 0;

  constructor(private readonly fake: FakeSlack) {}

  scan(calls: readonly RecordedCall[]): void {
    for (; this.scanned < calls.length; this.scanned += 1) {
      const call = calls[this.scanned] as RecordedCall;
      if (!call.ok) continue;
      if (call.method === 'chat.postMessage' && call.args.channel === CHANNEL && !call.args.thread_ts) {
        if (String(call.args.text).startsWith('Access request')) this.cards += 1;
      } else if (call.method === 'chat.delete') {
        this.cards -= 1;
      } else if (call.method === 'chat.update' && !this.approvedAt.has(String(call.args.ts))) {
        if (JSON.stringify(call.args.blocks).includes('Approved by')) {
          this.approvedAt.set(String(call.args.ts), call.at.getTime());
        }
      }
    }
  }

  /** Requests that were refused instead (e.g. Jira slower than JIRA_TIMEOUT), told through their response_url. */
  refusals(): string[] {
    return this.fake
      .responses()
      .map((r) => String(r.body.text ?? ''))
      .filter((text) => /^:(no_entry|warning):/.test(text));
  }

  async until(condition: () => boolean, timeoutMs: number): Promise<void> {
    await this.fake.waitFor((calls) => {
      this.scan(calls);
      return condition();
    }, timeoutMs);
  }
}

/** The grant id the card's Approve button carries. */
export function approveValue(card: FakeMessage): string | undefined {
  for (const block of card.blocks as { elements?: { action_id?: string; value?: string }[] }[]) {
    const approve = block.elements?.find((element) => element.action_id === ActionId.approveGrant);
    if (approve?.value) return approve.value;
  }
  return undefined;
}

export function cards(fake: FakeSlack): FakeMessage[] {
  // A card that has replies carries its own ts as thread_ts; a reply carries its parent's.
  return fake.topLevelMessages(CHANNEL).filter((m) => m.text.startsWith('Access request'));
}

/** The server's "click settled" log lines (src/slack/listeners/settle-click.ts): each click's time per phase. */
export class ClickLog {
  private readonly clicks: Record<string, number>[] = [];

  /** A reader of one server's output (each keeps its own partial line). */
  reader(): (chunk: Buffer) => void {
    let pending = '';
    return (chunk) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{') || !line.includes('click settled')) continue;
        const message = String((JSON.parse(line) as { msg?: string }).msg ?? '');
        const data = JSON.parse(message.slice(message.indexOf('{'))) as { click: string; ms: Record<string, number> };
        if (data.click === 'approve') this.clicks.push(data.ms);
      }
    };
  }

  mark(): number {
    return this.clicks.length;
  }

  /** Figures per phase over the clicks logged from `from` (to `to`). */
  since(from: number, to = this.clicks.length): Record<string, Figures> {
    const byPhase = new Map<string, number[]>();
    for (const click of this.clicks.slice(from, to)) {
      for (const [phase, ms] of Object.entries(click)) byPhase.set(phase, [...(byPhase.get(phase) ?? []), ms]);
    }
    return Object.fromEntries([...byPhase].map(([phase, samples]) => [phase, figures(samples)]));
  }
}

/**
 * The notification each approval queues (its IMPERSONATION_START event's notify job), phase by phase: the
 * transaction's start (outbox.created_at) → relayed (outbox.sent_at) → the job started → the job done (its Slack
 * calls: card, DM, thread reply).
 */
export async function notifyPath(
  databaseUrl: string,
  queues: { redisUrl: string | undefined; prefix: string },
  grantIds: string[],
): Promise<Record<string, number[]>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ key: string; created: string; sent: string | null }>(
    `SELECT o.key, extract(epoch FROM o.created_at) * 1000 AS created, extract(epoch FROM o.sent_at) * 1000 AS sent
       FROM outbox o JOIN audit_events e ON o.key = 'notify:' || e.id
      WHERE e.type = 'IMPERSONATION_START' AND e.grant_id = ANY($1)`,
    [grantIds],
  );
  await client.end();
  const backend = await openQueueBackend({
    redisUrl: queues.redisUrl,
    databaseUrl,
    prefix: queues.prefix,
    logger: createLogger('warn'),
  });
  const queue = backend.createQueue(QueueNames.notify, {});
  const phases: Record<string, number[]> = {
    'transaction start → relayed': [],
    'relayed → job started': [],
    'job (card, DM, thread reply)': [],
  };
  try {
    for (const row of rows) {
      const job = await queue.getJob(jobIdOf(row.key));
      if (row.sent) phases['transaction start → relayed']?.push(Number(row.sent) - Number(row.created));
      if (row.sent && job?.processedOn) phases['relayed → job started']?.push(job.processedOn - Number(row.sent));
      if (job?.processedOn && job.finishedOn) {
        phases['job (card, DM, thread reply)']?.push(job.finishedOn - job.processedOn);
      }
    }
  } finally {
    await queue.close();
    await backend.close();
  }
  return phases;
}

export function figures(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN, samples: sorted.length };
}

export function span(f: Figures | undefined): string {
  return f ? `${f.p50.toFixed(1)} / ${f.p99.toFixed(1)}` : '–';
}

export function row(label: string, f: Figures): string {
  return `| ${label} | ${f.samples} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.max.toFixed(1)} |`;
}

/**
 * Starts measuring a phase of clicks; `perClick` ends it with the processes' CPU per click (summed over the replicas)
 * and how busy they were. It shows what bounds clicks at once: each `serve` settles its clicks on one Node thread, so
 * N clicks in flight on one replica finish no sooner than N times the CPU each one costs, however little of a click
 * is spent waiting on Postgres or Slack.
 */
export function cpuMeter(pids: readonly (number | undefined)[]): { perClick(clicks: number): string } {
  const cpuOf = () => {
    const each = pids.map(processCpuMs);
    return each.some((cpu) => cpu === undefined) ? undefined : (each as number[]).reduce((sum, cpu) => sum + cpu, 0);
  };
  const cpuAt = cpuOf();
  const wallAt = performance.now();
  return {
    perClick(clicks) {
      const cpu = cpuOf();
      if (cpuAt === undefined || cpu === undefined) return 'n/a (no /proc)';
      const busy = (100 * (cpu - cpuAt)) / (performance.now() - wallAt);
      return `${((cpu - cpuAt) / clicks).toFixed(1)} ms (${busy.toFixed(0)} % of one core)`;
    },
  };
}
