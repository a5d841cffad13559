import { createServices, type Services } from '../../src/app/services.ts';
import { createStores, type Stores } from '../../src/db/stores.ts';
import { ErrorCode, GrantdeskError } from '../../src/domain/errors.ts';
import type { TicketSnapshot } from '../../src/domain/grant.ts';
import type { GrantPolicy } from '../../src/domain/grant-policy.ts';
import type { AccessDirectory, Clock, TicketTracker } from '../../src/domain/ports.ts';
import { randomIds } from '../../src/system-clock.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export const testPolicy: GrantPolicy = {
  minDurationMs: 5 * 60_000,
  defaultDurationMs: 30 * 60_000,
  maxDurationMs: 8 * 3_600_000,
  requiredApprovals: 1,
  pendingTtlMs: 4 * 3_600_000,
  expiryWarningMs: 5 * 60_000,
};

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-11-02T10:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(at: Date): void {
    this.current = new Date(at);
  }
}

/** Tickets known to this tracker; anything else does not exist. Jira itself is tested against its HTTP fake. */
export class InMemoryTracker implements TicketTracker {
  readonly tickets = new Map<string, TicketSnapshot>();
  readonly comments: { key: string; body: string }[] = [];
  down = false;

  add(key: string, statusCategory = 'indeterminate', status = 'In Progress'): void {
    this.tickets.set(key, {
      key,
      summary: `Customer issue ${key}`,
      status,
      statusCategory,
      assignee: 'Ada Lovelace',
      url: `https://jira.example.test/browse/${key}`,
    });
  }
  async getTicket(key: string): Promise<TicketSnapshot> {
    if (this.down) throw new GrantdeskError(ErrorCode.TrackerUnavailable, 'Jira did not answer, try again in a minute');
    const ticket = this.tickets.get(key);
    if (!ticket)
      throw new GrantdeskError(ErrorCode.TicketNotFound, `${key} does not exist, or Grantdesk cannot see it`);
    return ticket;
  }
  async addComment(key: string, body: string): Promise<void> {
    this.comments.push({ key, body });
  }
}

export class StaticAccess implements AccessDirectory {
  constructor(
    readonly approvers = new Set(['UAPPROVER1', 'UAPPROVER2', 'UAPPROVER3']),
    readonly auditors = new Set(['UAUDITOR1']),
  ) {}
  async isApprover(userId: string) {
    return this.approvers.has(userId);
  }
  async isAuditor(userId: string) {
    return this.auditors.has(userId) || this.approvers.has(userId);
  }
}

export interface Harness {
  db: TestDatabase;
  services: Services;
  /** The stores on the test database, for reading state back in assertions (never through the use cases). */
  stores: Stores;
  /** The grant settings the use cases were built with. */
  policy: GrantPolicy;
  clock: ManualClock;
  tracker: InMemoryTracker;
  access: StaticAccess;
}

export async function createHarness(policy: Partial<GrantPolicy> = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const clock = new ManualClock();
  const tracker = new InMemoryTracker();
  tracker.add('OPS-123');
  const access = new StaticAccess();
  const stores = createStores(db.sequelize, randomIds);
  const grantPolicy = { ...testPolicy, ...policy };
  const services = createServices({
    sequelize: db.sequelize,
    stores,
    tracker,
    access,
    clock,
    ids: randomIds,
    policy: grantPolicy,
    ticketPolicy: { allowedProjects: [], requireOpen: true },
  });
  return { db, services, stores, policy: grantPolicy, clock, tracker, access };
}

export const staff = (id: string) => ({ kind: 'staff' as const, id, email: `${id.toLowerCase()}@example.test` });

let requestsMade = 0;

/**
 * A request of UREQUESTER on acme-corp. Each call asks as a tenant user of its own (`user-N@acme.test`), so it is a
 * need of its own: Grantdesk refuses a second request for a tenant and user the requester already has open. A test
 * that shows or compares the target user names it (`targetUser`), as one that tests that refusal names the need.
 */
export const aRequest = (overrides: Record<string, unknown> = {}) => {
  requestsMade += 1;
  return {
    requesterId: 'UREQUESTER',
    requesterEmail: 'urequester@example.test',
    tenant: 'acme-corp',
    targetUser: `user-${requestsMade}@acme.test`,
    reason: 'Reproduce the billing bug reported in the ticket',
    ticketKey: 'OPS-123',
    durationMs: 30 * 60_000,
    ...overrides,
  };
};
