import type { SessionCheck, SessionEvent } from './api-types.js';
import { GrantdeskApiError } from './grantdesk-api-error.js';
import type { GrantdeskClient } from './grantdesk-client.js';
import { SessionEventStream } from './session-event-stream.js';

/** Ended sessions remembered so a late answer cannot bring one back; ~100 bytes each. */
const MAX_REMEMBERED = 10_000;

export type ActiveCheck = Extract<SessionCheck, { active: true }>;
export type GateDecision =
  | { allowed: true; check: ActiveCheck }
  | { allowed: false; status: 400 | 403 | 404 | 503; code: string; message: string };

export interface SessionGateOptions {
  client: GrantdeskClient;
  /**
   * How long a cached answer may still be used when Grantdesk cannot be reached, counted from the last moment it
   * was known to be current. 0 (the default) refuses at once: fail-closed.
   */
  graceMs?: number;
  /** Milliseconds since the epoch; for tests. */
  now?: () => number;
}

interface Entry {
  check: SessionCheck;
  /** When the answer was fetched. */
  fetchedAt: number;
  /** The stream connection it was fetched under (0: none), which keeps it current until it drops. */
  connection: number;
}

/**
 * Is this session usable right now? Answers from a cache of /check answers that the event stream keeps current: an
 * answer is reused only while the stream that was open when it was fetched is still open, and any event of its
 * session drops it. The clock is compared with expiresAt on every decision, so no cached answer outlives the grant.
 */
export class SessionGate {
  private readonly cache = new Map<string, Entry>();
  /** Bumped by every event of a session: an answer fetched before the bump is not stored. */
  private readonly generations = new Map<string, number>();
  private readonly ended = new Set<string>();
  /** Short codes the console used, by the session id /check answered for them. */
  private readonly idByReference = new Map<string, string>();
  /** Counts events of any session, for answers fetched by short code before its id was known. */
  private events = 0;
  private readonly stream: SessionEventStream;
  private readonly graceMs: number;
  private readonly now: () => number;
  /** The open stream connection's number, 0 while none is open. */
  private connection = 0;
  private connections = 0;
  private lostAt = 0;
  private lastConnection = 0;
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<(event: SessionEvent) => void>();

  constructor(private readonly options: SessionGateOptions) {
    this.graceMs = options.graceMs ?? 0;
    this.now = options.now ?? Date.now;
    this.stream = new SessionEventStream({
      client: options.client,
      onEvent: (event) => this.invalidate(event),
      onConnection: (connected) => this.connectionChanged(connected),
    });
  }

  start(): void {
    this.stream.start();
  }

  stop(): Promise<void> {
    return this.stream.stop();
  }

  /** True while the stream is open, i.e. cached answers are being kept current. */
  get streaming(): boolean {
    return this.connection !== 0;
  }

  /** Resolves once the stream is open (at once if it is). */
  whenStreaming(): Promise<void> {
    if (this.streaming) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  /** `reference`: the session id (UUID) or its short code (G-7K3M9Q), as the console names it. */
  async decide(reference: string): Promise<GateDecision> {
    const known = this.idByReference.get(reference) ?? reference;
    if (this.ended.has(known)) return refusedEnded(reference);
    const cached = this.cache.get(known);
    if (cached && cached.connection !== 0 && cached.connection === this.connection) return this.judge(cached.check);
    // Events name sessions by id: until a short code's id is known, an event of any session voids this answer.
    const generation = this.generations.get(known) ?? 0;
    const events = this.events;
    const connection = this.connection;
    let check: SessionCheck;
    try {
      check = await this.options.client.checkSession(reference);
    } catch (error) {
      if (error instanceof GrantdeskApiError && error.status < 500) return refusedByGrantdesk(error);
      return this.unreachable(cached);
    }
    const id = check.sessionId;
    const unchanged = id === known ? (this.generations.get(id) ?? 0) === generation : this.events === events;
    if (unchanged && !this.ended.has(id)) {
      if (id !== reference) this.idByReference.set(reference, id);
      const current = connection === this.connection ? connection : 0;
      this.cache.set(id, { check, fetchedAt: this.now(), connection: current });
    }
    return this.judge(check);
  }

  /** Calls `listener` with each event of the stream, after the cache has dropped its session; returns how to stop. */
  onEvent(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forget what is known of a session (a use refused with 409 says the cache was behind). */
  forget(reference: string): void {
    const id = this.idByReference.get(reference) ?? reference;
    this.cache.delete(id);
    this.generations.delete(id);
    this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
    if (this.generations.size > MAX_REMEMBERED) this.generations.delete(this.generations.keys().next().value as string);
    this.events += 1;
  }

  private judge(check: SessionCheck): GateDecision {
    if (!check.active) {
      const why = check.endReason ? `${check.status} (${check.endReason})` : check.status;
      return { allowed: false, status: 403, code: 'session_not_active', message: `This session is ${why}.` };
    }
    if (this.now() >= Date.parse(check.expiresAt)) {
      return { allowed: false, status: 403, code: 'session_not_active', message: 'This session has expired.' };
    }
    return { allowed: true, check };
  }

  /** Fail-closed: a cached answer only within the grace period after it was last known current. */
  private unreachable(cached: Entry | undefined): GateDecision {
    if (cached && this.graceMs > 0) {
      const currentUntil =
        cached.connection !== 0 && cached.connection === this.lastConnection
          ? Math.max(cached.fetchedAt, this.lostAt)
          : cached.fetchedAt;
      if (this.now() - currentUntil <= this.graceMs) return this.judge(cached.check);
    }
    return {
      allowed: false,
      status: 503,
      code: 'grantdesk_unreachable',
      message: 'Grantdesk cannot be reached to confirm this session, so it is refused. Try again in a moment.',
    };
  }

  private invalidate(event: SessionEvent): void {
    const id = event.session.id;
    this.forget(id);
    if (event.type === 'session.ended') {
      this.ended.add(id);
      if (this.ended.size > MAX_REMEMBERED) this.ended.delete(this.ended.values().next().value as string);
      if (this.idByReference.size > MAX_REMEMBERED) {
        this.idByReference.delete(this.idByReference.keys().next().value as string);
      }
    }
    for (const listener of this.listeners) listener(event);
  }

  private connectionChanged(connected: boolean): void {
    if (connected) {
      this.connections += 1;
      this.connection = this.connections;
      for (const resolve of this.waiters) resolve();
      this.waiters.clear();
    } else {
      this.lastConnection = this.connection;
      this.lostAt = this.now();
      this.connection = 0;
    }
  }
}

function refusedEnded(sessionId: string): GateDecision {
  return { allowed: false, status: 403, code: 'session_not_active', message: `Session ${sessionId} has ended.` };
}

function refusedByGrantdesk(error: GrantdeskApiError): GateDecision {
  const status = error.status === 404 || error.status === 400 ? error.status : 403;
  return { allowed: false, status, code: error.code, message: error.message };
}
