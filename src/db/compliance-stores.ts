/**
 * The stores the digest and anomaly use cases bind (src/app/compliance-services.ts), built on one Sequelize
 * instance. Each process claims runs under its own name (`owner`), so the claim ledgers are built per owner.
 */
import type { Sequelize } from 'sequelize';
import type { IdSource } from '../domain/ports.ts';
import { AnomalyQueries } from './anomaly-queries.ts';
import { AuditQueries } from './audit-store.ts';
import { ClaimLedgerStore } from './claim-ledger-store.ts';
import { DigestQueries } from './digest-queries.ts';

export function createComplianceStores(
  sequelize: Sequelize,
  claims: { owner: string; timeoutMs: number; ids: IdSource },
) {
  const digests = new DigestQueries(sequelize);
  return {
    /** The week's figures and its sessions. */
    digests,
    anomalies: new AnomalyQueries(sequelize),
    chain: new AuditQueries(sequelize),
    /** Which week's digest was posted, and who is posting it now. */
    digestRuns: new ClaimLedgerStore(sequelize, { table: 'schedule_runs', kind: 'weekly-digest' }, claims),
    scanRuns: new ClaimLedgerStore(sequelize, { table: 'schedule_runs', kind: 'anomaly-scan' }, claims),
    /** The anomaly findings already posted, so each is posted once however often the scans overlap. */
    postedFindings: new ClaimLedgerStore(sequelize, { table: 'posted_findings' }, claims),
  };
}

export type ComplianceStores = ReturnType<typeof createComplianceStores>;
