import { type Job, UnrecoverableError } from 'bullmq';
import { schedule } from 'node-cron';
import type { RunDigestInput, RunDigestOutcome } from '../src/app/run-digest.ts';
import type { ScanAnomaliesOutcome } from '../src/app/scan-anomalies.ts';
import { formatIsoWeek, parseIsoWeek, weekToReport } from '../src/domain/iso-week.ts';
import type { Logger } from '../src/logger.ts';
import { jobOptionsFor } from './job-options.ts';
import { markPermanentFailures } from './processors/mark-permanent-failures.ts';
import type { GrantdeskQueue, GrantdeskWorker, JobProcessor, QueueBackend } from './queue-backend.ts';
import { QueueNames } from './queue-names.ts';
import { byJobName, watchWorker } from './start-workers.ts';

/** Job names, and the first part of each job's id (`weekly-digest.2026-W45`). */
const JobName = { digest: 'weekly-digest', scan: 'anomaly-scan' } as const;

export interface ComplianceJobsDeps {
  backend: QueueBackend;
  runDigest: (input: RunDigestInput) => Promise<RunDigestOutcome>;
  scanAnomalies: (input: { firedAt: Date }) => Promise<ScanAnomaliesOutcome>;
  /** DIGEST_CRON and ANOMALY_CRON, read in DIGEST_TIMEZONE (node-cron keeps 09:00 at 09:00 across DST). */
  digestCron: string;
  anomalyCron: string;
  timezone: string;
  logger: Logger;
  /** Overrides for tests: the queue's attempts and first backoff delay (job-options.ts has the real ones). */
  retry?: { attempts: number; backoffMs: number };
}

export interface ComplianceJobs {
  queue: GrantdeskQueue;
  worker: GrantdeskWorker;
  /** What a cron firing does: adds the week's digest job, once per week whoever adds it. Returns the job id. */
  enqueueDigest(firedAt: Date): Promise<string>;
  /** Adds the anomaly scan for a firing, once per tick whoever adds it. Returns the job id. */
  enqueueScan(firedAt: Date): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The weekly digest and the anomaly scans as BullMQ jobs on the `compliance` queue. Every replica's cron only adds
 * the job, under an id made of the week (or the tick), so however many replicas fire, one job exists and one worker
 * runs it. A job that fails is retried with backoff and survives restarts (it lives in the queue, not in a timer).
 * What an attempt already did is kept in the run's record (schedule_runs progress: the message posted; posted_findings:
 * each finding), so a retry does only what is left: it uploads the files into the posted message's thread and never
 * posts the message again.
 */
export function startComplianceJobs(deps: ComplianceJobsDeps): ComplianceJobs {
  const options = jobOptionsFor(QueueNames.compliance);
  const queue = deps.backend.createQueue(
    QueueNames.compliance,
    deps.retry
      ? { ...options, attempts: deps.retry.attempts, backoff: { type: 'exponential', delay: deps.retry.backoffMs } }
      : options,
  );
  const log = deps.logger.child({ queue: QueueNames.compliance });
  const worker = deps.backend.createWorker(QueueNames.compliance, complianceProcessor(deps, log), { concurrency: 1 });
  watchWorker(QueueNames.compliance, worker, deps.logger);

  const enqueueDigest = async (firedAt: Date) => {
    const week = formatIsoWeek(weekToReport(firedAt, deps.timezone));
    const jobId = `${JobName.digest}.${week}`;
    await queue.add(JobName.digest, { week }, { jobId });
    return jobId;
  };
  const enqueueScan = async (firedAt: Date) => {
    // Replicas firing for the same tick agree on it whatever their clocks' milliseconds (node-cron drops them).
    const tick = `${firedAt.toISOString().slice(0, 19)}Z`;
    const jobId = `${JobName.scan}.${tick.replaceAll(':', '-')}`;
    await queue.add(JobName.scan, { firedAt: tick }, { jobId });
    return jobId;
  };
  const onTick = (what: string, enqueue: (firedAt: Date) => Promise<string>) => async (firedAt: Date) => {
    try {
      const jobId = await enqueue(firedAt);
      log.info({ schedule: what, firedAt, jobId }, 'compliance job added');
    } catch (error) {
      log.error({ schedule: what, firedAt, err: error }, 'could not add the compliance job');
    }
  };
  const digestTick = onTick(JobName.digest, enqueueDigest);
  const scanTick = onTick(JobName.scan, enqueueScan);
  const tasks = [
    schedule(deps.digestCron, ({ date }) => digestTick(date), { timezone: deps.timezone, name: JobName.digest }),
    schedule(deps.anomalyCron, ({ date }) => scanTick(date), { timezone: deps.timezone, name: JobName.scan }),
  ];
  return {
    queue,
    worker,
    enqueueDigest,
    enqueueScan,
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
      await worker.close();
      await queue.close();
    },
  };
}

function complianceProcessor(deps: ComplianceJobsDeps, log: Logger): JobProcessor {
  const processors: Record<string, (job: Job) => Promise<unknown>> = {
    [JobName.digest]: async (job) => {
      const week = parseIsoWeek(String(job.data.week));
      if (!week) throw new UnrecoverableError(`not an ISO week: ${String(job.data.week)}`);
      const outcome = await markPermanentFailures(() => deps.runDigest({ week }));
      log.info({ jobId: job.id, ...outcome, record: undefined }, 'weekly digest run');
      // Another holder (the CLI, or a replica that crashed holding the claim): try again once its claim has passed.
      if (outcome.outcome === 'in-progress') throw new Error(`the digest of ${outcome.week} is held by another run`);
      return outcome.outcome;
    },
    [JobName.scan]: async (job) => {
      const outcome = await deps.scanAnomalies({ firedAt: new Date(String(job.data.firedAt)) });
      log.info({ jobId: job.id, ...outcome }, 'anomaly scan run');
      return outcome.outcome;
    },
  };
  return byJobName(processors);
}
