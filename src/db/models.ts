/**
 * Sequelize models, one per table of migrations/20261122000100-initial-schema.ts. Rows stay rows here; the stores
 * map them to domain objects. Attributes are typed loosely (Model<Row>) on purpose: the stores own the mapping.
 */
import { DataTypes, type Model, type ModelStatic, type Sequelize } from 'sequelize';

export type Row = Record<string, unknown>;
export type Table = ModelStatic<Model<Row, Row>>;

export interface Models {
  Grant: Table;
  GrantApproval: Table;
  GrantUse: Table;
  GrantAction: Table;
  AuditEvent: Table;
  ApiToken: Table;
  OutboxMessage: Table;
}

// Functions, not shared objects: Sequelize writes each attribute's column name into its definition object.
const text = () => ({ type: DataTypes.TEXT, allowNull: true });
const time = () => ({ type: DataTypes.DATE, allowNull: true });
const json = () => ({ type: DataTypes.JSONB, allowNull: true });

export function defineModels(sequelize: Sequelize): Models {
  const existing = sequelize.models as unknown as Partial<Models>;
  if (existing.Grant) return existing as Models;
  const Grant = sequelize.define(
    'Grant',
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      shortCode: { type: DataTypes.TEXT, allowNull: false },
      requesterId: { type: DataTypes.TEXT, allowNull: false },
      requesterEmail: text(),
      tenant: { type: DataTypes.TEXT, allowNull: false },
      targetUser: text(),
      reason: { type: DataTypes.TEXT, allowNull: false },
      ticketKey: { type: DataTypes.TEXT, allowNull: false },
      ticket: { type: DataTypes.JSONB, allowNull: false },
      requestedDurationMs: { type: DataTypes.BIGINT, allowNull: false },
      status: { type: DataTypes.TEXT, allowNull: false },
      requestedAt: { type: DataTypes.DATE, allowNull: false },
      decidedAt: time(),
      decidedBy: text(),
      denyReason: text(),
      startTime: time(),
      expiresAt: time(),
      endTime: time(),
      endReason: text(),
      endedBy: text(),
      endNote: text(),
      ipAddress: text(),
      userAgent: text(),
      expiryVersion: { type: DataTypes.INTEGER, allowNull: false },
      pendingExtension: json(),
      cardChannelId: text(),
      cardMessageTs: text(),
      requestKey: text(),
      updatedAt: time(),
      accessLevel: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'read' },
      requiredApprovals: { type: DataTypes.INTEGER, allowNull: true },
      approverChannelId: text(),
      approvedByPolicy: text(),
      breakGlass: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      review: json(),
      remindedAt: time(),
      escalatedAt: time(),
    },
    { tableName: 'grants' },
  );
  const GrantApproval = sequelize.define(
    'GrantApproval',
    {
      grantId: { type: DataTypes.UUID, primaryKey: true },
      approverId: { type: DataTypes.TEXT, primaryKey: true },
      approverEmail: text(),
      approvedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'grant_approvals' },
  );
  const GrantUse = sequelize.define(
    'GrantUse',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      grantId: { type: DataTypes.UUID, allowNull: false },
      usedAt: { type: DataTypes.DATE, allowNull: false },
      ipAddress: text(),
      userAgent: text(),
    },
    { tableName: 'grant_uses' },
  );
  const GrantAction = sequelize.define(
    'GrantAction',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      grantId: { type: DataTypes.UUID, allowNull: false },
      recordedAt: { type: DataTypes.DATE, allowNull: false },
      action: { type: DataTypes.STRING(200), allowNull: false },
      actor: { type: DataTypes.TEXT, allowNull: false },
    },
    { tableName: 'grant_actions' },
  );
  const AuditEvent = sequelize.define(
    'AuditEvent',
    {
      seq: { type: DataTypes.BIGINT, primaryKey: true },
      id: { type: DataTypes.UUID, allowNull: false },
      occurredAt: { type: DataTypes.DATE, allowNull: false },
      type: { type: DataTypes.TEXT, allowNull: false },
      severity: { type: DataTypes.TEXT, allowNull: false },
      actor: { type: DataTypes.JSONB, allowNull: false },
      tenant: text(),
      grantId: { type: DataTypes.UUID, allowNull: true },
      before: json(),
      after: json(),
      ipAddress: text(),
      userAgent: text(),
      details: { type: DataTypes.JSONB, allowNull: false },
      prevHash: { type: DataTypes.CHAR(64), allowNull: false },
      hash: { type: DataTypes.CHAR(64), allowNull: false },
    },
    { tableName: 'audit_events' },
  );
  const ApiToken = sequelize.define(
    'ApiToken',
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      name: { type: DataTypes.TEXT, allowNull: false },
      tokenHash: { type: DataTypes.CHAR(64), allowNull: false },
      scopes: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false },
      tenant: text(),
      createdAt: { type: DataTypes.DATE, allowNull: false },
      expiresAt: time(),
      revokedAt: time(),
      lastUsedAt: time(),
    },
    { tableName: 'api_tokens' },
  );
  const OutboxMessage = sequelize.define(
    'OutboxMessage',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      key: { type: DataTypes.TEXT, allowNull: false },
      topic: { type: DataTypes.TEXT, allowNull: false },
      payload: { type: DataTypes.JSONB, allowNull: false },
      createdAt: time(),
      sentAt: time(),
    },
    { tableName: 'outbox' },
  );
  return { Grant, GrantApproval, GrantUse, GrantAction, AuditEvent, ApiToken, OutboxMessage };
}
