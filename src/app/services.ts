/**
 * The use cases bound to their ports: what every adapter (Slack, REST, jobs, CLI) calls. Built once by the
 * entry point; tests build it with a database of their own and small real ports.
 */
import type { Sequelize } from 'sequelize';
import type { AuditFilter } from '../db/audit-store.ts';
import { createStores, type Stores } from '../db/stores.ts';
import type { AuditEvent } from '../domain/audit-event.ts';
import type { ConsoleActionInput } from '../domain/console-action.ts';
import type { Actor, Grant, ReviewOutcome } from '../domain/grant.ts';
import type { GrantPolicy, Nudge } from '../domain/grant-policy.ts';
import type { AccessPolicy, GroupDirectory } from '../domain/policy/access-policy.ts';
import type { AccessDirectory, ApproverRoster, Clock, IdSource, TicketTracker } from '../domain/ports.ts';
import type { TicketPolicy } from '../domain/ticket-policy.ts';
import { CedarAccessPolicy } from '../policy/cedar-access-policy.ts';
import { ConfiguredGroupDirectory } from '../policy/configured-group-directory.ts';
import { approveExtension } from './approve-extension.ts';
import { approveGrant } from './approve-grant.ts';
import { type AttachCardInput, attachCard } from './attach-card.ts';
import { breakGlass } from './break-glass.ts';
import { cancelGrant } from './cancel-grant.ts';
import { grantStateReader } from './check-session.ts';
import { type CloseForTicketInput, closeGrantForTicket } from './close-grant-for-ticket.ts';
import { computeStats } from './compute-stats.ts';
import { computeWeekStats } from './compute-week-stats.ts';
import { denyExtension } from './deny-extension.ts';
import { denyGrant } from './deny-grant.ts';
import { endGrant } from './end-grant.ts';
import { endGrantsForWebhookClosure } from './end-grants-for-webhook-closure.ts';
import { expireDueGrants } from './expire-due-grants.ts';
import { expireGrant } from './expire-grant.ts';
import { expireIdleGrant } from './expire-idle-grant.ts';
import { type ExportFormat, exportAuditFor } from './export-audit.ts';
import { extendGrant } from './extend-grant.ts';
import { findActiveSession } from './find-active-session.ts';
import { findGrant } from './find-grant.ts';
import { findSession } from './find-session.ts';
import { forwardAuditBatch } from './forward-audit-batch.ts';
import { type ForwardConsoleDeps, forwardConsoleEvents } from './forward-console-events.ts';
import { getSession } from './get-session.ts';
import { lapseGrant } from './lapse-grant.ts';
import { listAuditEvents } from './list-audit-events.ts';
import { listOwnGrants } from './list-own-grants.ts';
import { nudgePendingGrant } from './nudge-pending-grant.ts';
import { type QueryAuditInput, queryAudit } from './query-audit.ts';
import { recheckTickets } from './recheck-tickets.ts';
import { recordAction } from './record-action.ts';
import { recordConsoleAction } from './record-console-action.ts';
import { recordUse } from './record-use.ts';
import { type RequestGrantInput, requestGrant } from './request-grant.ts';
import { reviewBreakGlass } from './review-break-glass.ts';
import { revokeGrant } from './revoke-grant.ts';
import { readSessionEvents } from './session-events.ts';
import { showHome } from './show-home.ts';
import { findOverdueGrants, type OverdueKind, upcomingTimers } from './sweep-grants.ts';
import type { TrailReader } from './trail-reader.ts';

export interface ServicePorts {
  sequelize: Sequelize;
  /** The stores on `sequelize`, when the caller has built them already (src/db/stores.ts); unset: built here. */
  stores?: Stores;
  tracker: TicketTracker;
  access: AccessDirectory;
  clock: Clock;
  ids: IdSource;
  policy: GrantPolicy;
  ticketPolicy: TicketPolicy;
  /** Unset: the policy the settings imply (the configured approvers approve; REQUIRED_APPROVALS; no auto-approval). */
  accessPolicy?: AccessPolicy;
  /** Unset: only the configured approvers (group "approvers") are known. */
  groups?: GroupDirectory;
  /** DIGEST_TIMEZONE, for the hour and weekday policies see; unset: UTC. */
  timeZone?: string;
  /** Who a reminder may mention (Slack's approvers); unset: reminders name the configured approvers unfiltered. */
  roster?: ApproverRoster | undefined;
}

export function createServices(ports: ServicePorts) {
  const stores = ports.stores ?? createStores(ports.sequelize, ports.ids);
  const { models, grants, unitOfWork, audit, sessions, slackDeliveries, approverCards, figures } = stores;
  const accessPolicy =
    ports.accessPolicy ??
    CedarAccessPolicy.fromSettings({
      requiredApprovals: ports.policy.requiredApprovals,
      maxDurationMs: ports.policy.maxDurationMs,
    });
  const groups = ports.groups ?? new ConfiguredGroupDirectory(ports.access, null);
  const timeZone = ports.timeZone ?? 'UTC';
  const deps = { ...ports, accessPolicy, groups, timeZone, unitOfWork, grants, audit, sessions };
  type Decision = { grantId: string; approver: Actor };
  type Scoped = { tenant: string | null };
  const states = grantStateReader(grants);
  const closeForTicket = (input: CloseForTicketInput) => closeGrantForTicket(deps, input);
  const ticketDeps = { ...deps, closeGrantForTicket: closeForTicket };
  return {
    requestGrant: (input: RequestGrantInput) => requestGrant(deps, input),
    breakGlass: (input: RequestGrantInput) => breakGlass(deps, input),
    reviewBreakGlass: (input: { grantId: string; reviewer: Actor; outcome: ReviewOutcome; note: string | null }) =>
      reviewBreakGlass(deps, input),
    approveGrant: (input: Decision) => approveGrant(deps, input),
    denyGrant: (input: Decision & { reason: string }) => denyGrant(deps, input),
    revokeGrant: (input: Decision & { reason: string }) => revokeGrant(deps, input),
    cancelGrant: (input: { grantId: string; actor: Actor }) => cancelGrant(deps, input),
    endGrant: (input: { grantId: string; actor: Actor }) => endGrant(deps, input),
    extendGrant: (input: { grantId: string; actor: Actor; durationMs: number; reason: string }) =>
      extendGrant(deps, input),
    approveExtension: (input: Decision & { extensionId?: string }) => approveExtension(deps, input),
    denyExtension: (input: Decision & { reason: string; extensionId?: string }) => denyExtension(deps, input),
    expireGrant: (input: { grantId: string; version?: number }) => expireGrant(deps, input),
    expireDueGrants: (input: { limit: number }) => expireDueGrants(deps, input),
    lapseGrant: (input: { grantId: string }) => lapseGrant(deps, input),
    nudgePendingGrant: (input: { grantId: string; nudge: Nudge }) => nudgePendingGrant(deps, input),
    expireIdleGrant: (input: { grantId: string }) => expireIdleGrant(deps, input),
    closeGrantForTicket: closeForTicket,
    recordUse: (input: { grantId: string; actor: Actor; ipAddress: string | null; userAgent: string | null }) =>
      recordUse(deps, input),
    recordAction: (input: { grantId: string; actor: Actor; action: string }) => recordAction(deps, input),
    findGrant: (input: { reference: string }) => findGrant(grants, input.reference),
    getGrant: (input: { grantId: string }): Promise<Grant | undefined> => grants.findById(input.grantId),
    grantStatus: (input: { grantId: string }) => grants.statusOf(input.grantId),
    /** An expiry job's first look: its grant's status, and whether a batch claim would find any due grant. */
    expiryLook: (input: { grantId: string }) => grants.expiryLook(input.grantId, ports.clock.now()),
    /** The approver card's turn: `show` runs with the grant as it is now, unless the card shows it already. */
    showApproverCardOnce: (input: { grantId: string; show: Parameters<typeof approverCards.showOnce>[1] }) =>
      approverCards.showOnce(input.grantId, input.show),
    lookupSessionState: (reference: Parameters<typeof states.lookup>[0]) => states.lookup(reference),
    readSessionEvents: (input: { afterSeq: number; tenant: string | null; limit: number }) =>
      readSessionEvents(deps, input),
    auditHeadSeq: async () => (await audit.chainState()).headSeq,
    recheckTickets: () => recheckTickets(ticketDeps),
    endGrantsForWebhookClosure: (input: { ticketKey: string; ticketStatus: string }) =>
      endGrantsForWebhookClosure(ticketDeps, input),
    findSession: (input: Scoped & { reference: string }) => findSession(grants, input),
    getSession: (input: Scoped & { reference: string }) => getSession(deps, input),
    findActiveSession: (input: { adminUser: string; tenant: string; visibleTenant: string | null }) =>
      findActiveSession(deps, input),
    queryAudit: (input: QueryAuditInput) => queryAudit(deps, input),
    computeStats: (input: { reader: TrailReader; tenant: string | null | undefined }) => computeStats(deps, input),
    computeWeekStats: () => computeWeekStats({ figures, clock: ports.clock }),
    showHome: (input: { userId: string }) =>
      showHome({ ...deps, weekStats: () => computeWeekStats({ figures, clock: ports.clock }) }, input),
    listOwnGrants: (input: { userId: string; limit: number }) => listOwnGrants(grants, input),
    findOverdueGrants: (input: { kind: OverdueKind; now: Date; limit: number }) =>
      findOverdueGrants({ models, grants, policy: ports.policy }, input),
    upcomingTimers: (input: { from: Date; to: Date; pageSize: number; reviewsFrom?: Date }) =>
      upcomingTimers({ models, grants, policy: ports.policy }, input),
    attachCard: (input: AttachCardInput) => attachCard({ cards: slackDeliveries }, input),
    recordConsoleAction: (input: ConsoleActionInput & { reporterTenant: string | null }) =>
      recordConsoleAction(deps, input),
    listAuditEvents: (input: { reader: TrailReader; filter: AuditFilter; afterSeq: number; limit: number }) =>
      listAuditEvents(deps, input),
    exportAudit: (input: { reader: TrailReader; filter: AuditFilter; format: ExportFormat }) =>
      exportAuditFor(deps, input),
    /** The audit webhook's next batch after its cursor; `deliver` posts it and resolves once it is acknowledged. */
    forwardAuditBatch: (input: { deliver(events: AuditEvent[]): Promise<void>; batchSize: number }) =>
      forwardAuditBatch({ cursor: stores.auditForwardCursor, audit, clock: ports.clock, ...input }),
    /** The console webhook's next session events after its cursor, each delivered or, past its age, given up. */
    forwardConsoleEvents: (input: Pick<ForwardConsoleDeps, 'deliver' | 'onGivenUp' | 'batchSize'>) =>
      forwardConsoleEvents({
        cursor: stores.consoleWebhookCursor,
        read: (afterSeq, limit) => readSessionEvents(deps, { afterSeq, tenant: null, limit }),
        clock: ports.clock,
        ...input,
      }),
  };
}

export type Services = ReturnType<typeof createServices>;
