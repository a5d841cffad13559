/**
 * The narrow interfaces the use cases depend on. Adapters (src/db, src/jira, src/slack, jobs/) implement them;
 * tests may pass small real implementations.
 */
import type { AnomalyFinding } from './anomaly/anomaly-finding.ts';
import type { AnomalyScanInput } from './anomaly/scan-input.ts';
import type { ApiToken } from './api-token.ts';
import type { AuditEvent, AuditEventDraft } from './audit-event.ts';
import type { Need } from './duplicate-request.ts';
import type { Grant, GrantStatus, TicketSnapshot } from './grant.ts';
import type { OutboxMessage } from './side-effects.ts';
import type { WeeklyDigest } from './weekly-digest.ts';

export interface Clock {
  now(): Date;
}

export interface IdSource {
  /** A fresh random UUID (v4). */
  uuid(): string;
}

/**
 * The ticket tracker (Jira). `getTicket` throws GrantdeskError with code `ticket_not_found` when the ticket does
 * not exist or cannot be seen, and `tracker_unavailable` when the tracker errs, times out or cannot be reached.
 */
export interface TicketTracker {
  getTicket(key: string): Promise<TicketSnapshot>;
  addComment(key: string, body: string): Promise<void>;
}

/** Who may approve and who may read the trail (Slack users and user groups, resolved by the Slack adapter). */
export interface AccessDirectory {
  isApprover(userId: string): Promise<boolean>;
  isAuditor(userId: string): Promise<boolean>;
}

/**
 * The people a reminder may wake, before access policy says which of them may approve the request in question:
 * APPROVER_USER_IDS, and APPROVER_USERGROUP_ID with its members (resolved by the Slack adapter).
 */
export interface ApproverRoster {
  candidates(): Promise<ApproverCandidates>;
}

export interface ApproverCandidates {
  userIds: readonly string[];
  usergroup: { id: string; members: readonly string[] } | null;
}

/** A person's email, for the audit trail and the console's `adminUser`. */
export interface PeopleDirectory {
  emailOf(userId: string): Promise<string | null>;
}

export interface GrantRepository {
  /** Loads the grant and holds its row lock until the transaction ends; undefined when there is none. */
  lock(id: string): Promise<Grant | undefined>;
  /**
   * Inserts a new grant. `requestKey` identifies what asked for it (a Slack trigger or view id): when a grant with the
   * same key exists, nothing is inserted and its id is returned. When the requester already has a PENDING or ACTIVE
   * grant for the same need (tenant and target user), nothing is inserted and that grant's id is returned as
   * `openForNeedId`: the database decides, so of two concurrent requests only one is stored. `short-code-taken` means
   * the caller redraws the id.
   */
  insert(
    grant: Grant,
    requestKey: string | null,
  ): Promise<'inserted' | 'short-code-taken' | { existingId: string } | { openForNeedId: string }>;
  update(grant: Grant): Promise<void>;
  /**
   * Locks up to `limit` ACTIVE grants whose expiry is at or before `at`, skipping rows another transaction holds (it
   * is ending them), so concurrent callers take disjoint batches.
   */
  lockDue(at: Date, limit: number): Promise<Grant[]>;
  /** Writes the end of many locked sessions in one statement (status, end time, reason, who, note). */
  saveEnded(grants: Grant[]): Promise<void>;
}

/** What an expiry job reads before it opens a transaction (src/db/grant-store.ts, GrantQueries.expiryLook). */
export interface ExpiryLook {
  /** The grant's status as last committed; undefined for an unknown grant. */
  status: GrantStatus | undefined;
  /** Some ACTIVE grant is due and held by no transaction: a batch claim would find work. */
  othersDue: boolean;
}

export interface GrantReader {
  findById(id: string): Promise<Grant | undefined>;
  /** The requester's PENDING or ACTIVE grant for the need, other than one made under `exceptRequestKey`. */
  openForNeed(need: Need, exceptRequestKey: string | null): Promise<Grant | undefined>;
  findByShortCode(shortCode: string): Promise<Grant | undefined>;
}

export interface AuditAppender {
  /** Chains and stores the events in order; returns them as stored. A draft id already stored: DuplicateEventIdError. */
  append(drafts: AuditEventDraft[]): Promise<AuditEvent[]>;
}

export interface OutboxWriter {
  /** Adds messages; a message whose key is already in the outbox is skipped (so a retried use case adds nothing). */
  add(messages: OutboxMessage[]): Promise<void>;
}

export interface UseRecorder {
  recordUse(use: { grantId: string; at: Date; ipAddress: string | null; userAgent: string | null }): Promise<void>;
  recordAction(action: { grantId: string; at: Date; action: string; actor: string }): Promise<void>;
  /** The latest use or action recorded on the grant, or null when there is none. */
  lastActivityAt(grantId: string): Promise<Date | null>;
}

/** API tokens as a transaction writes them; the secret is stored only as its hash. */
export interface ApiTokenWriter {
  /** Whether a live (unrevoked) token has this name. */
  hasLive(name: string): Promise<boolean>;
  insert(token: ApiToken, secret: string): Promise<void>;
  /** A live token by id or name, locked until the transaction ends; undefined when there is none. */
  lockLive(idOrName: string): Promise<ApiToken | undefined>;
  revoke(id: string, at: Date): Promise<void>;
}

export interface RetentionWriter {
  /** Sets a tenant's retention and returns the days it had before (null: the default), under the row's lock. */
  set(tenant: string, days: number, at: Date): Promise<number | null>;
}

/** The retention purge's reads and its one destructive write (src/db/audit-purge-store.ts says how it is allowed). */
export interface AuditPurger {
  /** Locks the chain (appends wait until the purge commits) and reads where the trail starts and ends. */
  lockChain(): Promise<{ checkpointSeq: number; headSeq: number }>;
  /** The last seq the audit webhook has delivered. */
  forwardedSeq(): Promise<number>;
  /** The largest seq S in [fromSeq, upToSeq] such that every row after fromSeq up to S is past its retention. */
  purgeableThrough(fromSeq: number, upToSeq: number, at: Date, defaultDays: number): Promise<number>;
  countsByTenant(fromSeq: number, throughSeq: number): Promise<{ tenant: string | null; count: number }[]>;
  moveCheckpointAndDelete(throughSeq: number): Promise<{ seq: number; hash: string }>;
}

/** What one transaction sees: every write in it commits together or not at all. */
export interface TransactionScope {
  grants: GrantRepository;
  audit: AuditAppender;
  outbox: OutboxWriter;
  uses: UseRecorder;
  tokens: ApiTokenWriter;
  retention: RetentionWriter;
  auditPurge: AuditPurger;
}

export interface UnitOfWork {
  run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T>;
}

/** What the anomaly rules read: grants requested from `loadFrom`, and the period's refused accesses. */
export interface AnomalyScanSource {
  scanInput(loadFrom: Date, period: { from: Date; to: Date }): Promise<AnomalyScanInput>;
}

/** A file shared along with a message: the digest's chart and CSV. */
export interface OutgoingFile {
  filename: string;
  title: string;
  content: Uint8Array;
}

/** The compliance channel. Implementations render and post; they decide nothing. */
/** What an earlier attempt at posting a digest already did, and how to record the message step once done. */
export interface DigestSteps {
  /** The digest message an earlier attempt posted: not posted again, its files go in its thread. */
  postedTs: string | undefined;
  /** Records the message as posted before the files are sent, so a retry after a failed upload does not repeat it. */
  recordPosted(messageTs: string): Promise<void>;
}

export interface CompliancePoster {
  /** Posts the digest (unless `steps` says it was), then its files in the digest's thread. */
  postDigest(
    digest: WeeklyDigest,
    files: OutgoingFile[],
    steps?: DigestSteps,
  ): Promise<{ channelId: string; messageTs: string; fileIds: string[] }>;
  /** Posts findings in one message; when any is HIGH, the message mentions the auditors. */
  postAlert(findings: AnomalyFinding[]): Promise<{ channelId: string; messageTs: string }>;
}

export interface ClaimRecord {
  status: 'claimed' | 'done' | 'failed';
  claimedBy: string;
  claimedAt: Date;
  finishedAt: Date | null;
  attempts: number;
  details: Record<string, unknown>;
}

/**
 * Who does a piece of work that must happen once however many replicas try (post a digest, post a finding). The
 * database decides: the first to insert a key claims it; a claim not finished within its timeout (its holder
 * crashed) or released after a failure may be claimed again; a finished key is never claimed again unless forced.
 */
export interface ClaimLedger {
  /** Returns the keys this caller now holds; the others are done or held by someone else. */
  claim(keys: readonly string[], options?: { force?: boolean }): Promise<string[]>;
  find(key: string): Promise<ClaimRecord | undefined>;
  /** Marks held keys done, with the audit events that record it, in one transaction; returns how many it marked. */
  finish(keys: readonly string[], details: Record<string, unknown>, audit?: AuditEventDraft[]): Promise<number>;
  /** Gives held keys back after a failure, so the next run retries them without waiting for the timeout. */
  release(keys: readonly string[]): Promise<void>;
  /** Merges the progress of a held key into its details, kept across a release so a retry does only what is left. */
  progress(key: string, details: Record<string, unknown>): Promise<void>;
}
