/**
 * The operator's use cases, bound to their ports: what the `grantdesk` CLI's token, retention and audit commands
 * call (the operator is trusted with the whole trail: they hold the database's address). Built on the stores of
 * src/db/stores.ts, like createServices; the audit purge is the one the daily schedule runs.
 */
import type { AuditFilter } from '../db/audit-store.ts';
import type { Stores } from '../db/stores.ts';
import type { Actor } from '../domain/grant.ts';
import type { Clock, IdSource } from '../domain/ports.ts';
import { type CreateTokenInput, createApiToken } from './create-api-token.ts';
import { type ExportFormat, exportAudit } from './export-audit.ts';
import { purgeAudit } from './purge-audit.ts';
import { revokeApiToken } from './revoke-api-token.ts';
import { setRetentionPolicy } from './set-retention-policy.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

export interface OperatorPorts {
  stores: Pick<Stores, 'unitOfWork' | 'tokens' | 'retention' | 'audit'>;
  clock: Clock;
  ids: IdSource;
  /** AUDIT_RETENTION_DAYS, and whether the audit webhook is on (events it has not delivered are kept). */
  retention: { defaultDays: number; keepUnforwarded: boolean };
}

export function createOperatorServices(ports: OperatorPorts) {
  const { unitOfWork, tokens, retention, audit } = ports.stores;
  const { clock, ids } = ports;
  return {
    createApiToken: (input: CreateTokenInput) => createApiToken({ unitOfWork, clock, ids }, input),
    revokeApiToken: (input: { idOrName: string; actor: Actor }) => revokeApiToken({ unitOfWork, clock }, input),
    listApiTokens: (input: { includeRevoked: boolean }) => tokens.list(input.includeRevoked),
    setRetentionPolicy: (input: { tenant: string; days: number; actor: Actor }) =>
      setRetentionPolicy({ unitOfWork, clock }, input),
    listRetentionPolicies: () => retention.list(),
    purgeAudit: () =>
      purgeAudit({
        unitOfWork,
        clock,
        defaultRetentionDays: ports.retention.defaultDays,
        keepUnforwarded: ports.retention.keepUnforwarded,
      }),
    verifyAuditChain: (input: { sinceSeq?: number }) => verifyAuditChain(audit, input),
    auditChainHead: async () => {
      const { headSeq, headHash } = await audit.chainState();
      return { headSeq, headHash };
    },
    exportAudit: (input: { filter: AuditFilter; format: ExportFormat }) => exportAudit(audit, input),
  };
}

export type OperatorServices = ReturnType<typeof createOperatorServices>;
