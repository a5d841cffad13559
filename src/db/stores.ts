/**
 * Every Postgres store and query behind the ports, built once on one Sequelize instance. The entry point hands them
 * to the use cases (src/app/services.ts) and to the infrastructure that needs a store of its own (the Slack notifier,
 * the Jira commenter, the API's token authentication); no adapter reaches them through the use cases. The
 * compliance use cases' stores are built by compliance-stores.ts, for each process that claims runs.
 */
import type { Sequelize } from 'sequelize';
import type { IdSource } from '../domain/ports.ts';
import { ApproverCardStore } from './approver-card-store.ts';
import { AuditForwardCursor } from './audit-forward-cursor.ts';
import { AuditQueries } from './audit-store.ts';
import { GrantQueries } from './grant-store.ts';
import { defineModels } from './models.ts';
import { RetentionStore } from './retention-store.ts';
import { SessionQueries } from './session-queries.ts';
import { SlackDeliveryStore } from './slack-delivery-store.ts';
import { TokenStore } from './token-store.ts';
import { SequelizeUnitOfWork } from './unit-of-work.ts';
import { WeekFiguresQuery } from './week-figures-query.ts';

export function createStores(sequelize: Sequelize, ids: IdSource) {
  const models = defineModels(sequelize);
  const grants = new GrantQueries(models);
  return {
    models,
    unitOfWork: new SequelizeUnitOfWork(sequelize, models, ids),
    grants,
    audit: new AuditQueries(sequelize),
    sessions: new SessionQueries(sequelize, models, grants),
    /** What the Slack notifier has posted (cards, DMs, thread replies), so a repeated delivery posts nothing twice. */
    slackDeliveries: new SlackDeliveryStore(sequelize),
    /** Which state each approver card shows, so its two writers (the click, the notifier) take turns. */
    approverCards: new ApproverCardStore(sequelize, models),
    figures: new WeekFiguresQuery(sequelize),
    /** The REST API's tokens, read by its authentication (src/http/api-auth.ts). */
    tokens: new TokenStore(models),
    /** Per-tenant retention policies, as `grantdesk retention list` shows them. */
    retention: new RetentionStore(sequelize),
    /** How far the audit webhook has delivered the trail (jobs/audit-forwarder.ts). */
    auditForwardCursor: new AuditForwardCursor(sequelize),
    /** How far the console webhook has delivered the session events (jobs/console-webhook-forwarder.ts). */
    consoleWebhookCursor: new AuditForwardCursor(sequelize, 'console_webhook_cursor'),
  };
}

export type Stores = ReturnType<typeof createStores>;
