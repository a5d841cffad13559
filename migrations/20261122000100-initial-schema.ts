import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * Grants and what hangs off them, the hash-chained audit trail (append-only by trigger), API tokens and the
 * transactional outbox.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    CREATE TABLE grants (
      id uuid PRIMARY KEY,
      short_code text NOT NULL UNIQUE,
      requester_id text NOT NULL,
      requester_email text,
      tenant text NOT NULL,
      target_user text,
      reason text NOT NULL,
      ticket_key text NOT NULL,
      ticket jsonb NOT NULL,
      requested_duration_ms bigint NOT NULL CHECK (requested_duration_ms > 0),
      status text NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'DENIED', 'CANCELLED', 'LAPSED', 'ENDED')),
      requested_at timestamptz NOT NULL,
      decided_at timestamptz,
      decided_by text,
      deny_reason text,
      start_time timestamptz,
      expires_at timestamptz,
      end_time timestamptz,
      end_reason text CHECK (end_reason IN ('NORMAL', 'FORCED', 'EXPIRED')),
      ended_by text,
      end_note text,
      ip_address text,
      user_agent text,
      expiry_version integer NOT NULL DEFAULT 0,
      pending_extension jsonb,
      card_channel_id text,
      card_message_ts text,
      -- What made the request (a Slack trigger or view id), so a retried delivery finds the grant it already made.
      request_key text UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'ENDED') = (end_reason IS NOT NULL)),
      CHECK (status <> 'ACTIVE' OR (start_time IS NOT NULL AND expires_at IS NOT NULL))
    );
    CREATE INDEX grants_active_expiry ON grants (expires_at) WHERE status = 'ACTIVE';
    CREATE INDEX grants_pending_requested ON grants (requested_at) WHERE status = 'PENDING';
    CREATE INDEX grants_requester ON grants (requester_id, requested_at DESC);
    CREATE INDEX grants_tenant_start ON grants (tenant, start_time DESC);
    CREATE INDEX grants_start ON grants (start_time DESC, id DESC);

    CREATE TABLE grant_approvals (
      grant_id uuid NOT NULL REFERENCES grants (id),
      approver_id text NOT NULL,
      approver_email text,
      approved_at timestamptz NOT NULL,
      PRIMARY KEY (grant_id, approver_id)
    );

    CREATE TABLE grant_uses (
      id bigserial PRIMARY KEY,
      grant_id uuid NOT NULL REFERENCES grants (id),
      used_at timestamptz NOT NULL,
      ip_address text,
      user_agent text
    );
    CREATE INDEX grant_uses_grant ON grant_uses (grant_id, used_at);

    CREATE TABLE grant_actions (
      id bigserial PRIMARY KEY,
      grant_id uuid NOT NULL REFERENCES grants (id),
      recorded_at timestamptz NOT NULL,
      action varchar(200) NOT NULL,
      actor text NOT NULL
    );
    CREATE INDEX grant_actions_grant ON grant_actions (grant_id, recorded_at);

    CREATE TABLE audit_events (
      seq bigint PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      occurred_at timestamptz NOT NULL,
      type text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH')),
      actor jsonb NOT NULL,
      tenant text,
      grant_id uuid,
      before jsonb,
      after jsonb,
      ip_address text,
      user_agent text,
      details jsonb NOT NULL,
      prev_hash char(64) NOT NULL,
      hash char(64) NOT NULL
    );
    CREATE INDEX audit_events_occurred ON audit_events (occurred_at, seq);
    CREATE INDEX audit_events_tenant ON audit_events (tenant, seq);
    CREATE INDEX audit_events_grant ON audit_events (grant_id, seq);
    CREATE INDEX audit_events_type ON audit_events (type, seq);

    -- One row: the chain's head (appends lock it, which orders them) and the checkpoint the retention purge
    -- leaves behind (the seq and hash of the last purged row, from which verification starts).
    CREATE TABLE audit_chain (
      id smallint PRIMARY KEY CHECK (id = 1),
      head_seq bigint NOT NULL,
      head_hash char(64) NOT NULL,
      checkpoint_seq bigint NOT NULL,
      checkpoint_hash char(64) NOT NULL
    );
    INSERT INTO audit_chain VALUES (1, 0, repeat('0', 64), 0, repeat('0', 64));

    -- The trail is append-only. The one exception is the retention purge, which must first move the checkpoint
    -- past the rows it deletes and say so in its transaction (SET LOCAL grantdesk.audit_purge = 'on').
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE'
         AND current_setting('grantdesk.audit_purge', true) = 'on'
         AND OLD.seq <= (SELECT checkpoint_seq FROM audit_chain WHERE id = 1) THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      token_hash char(64) NOT NULL UNIQUE,
      scopes text[] NOT NULL,
      tenant text,
      created_at timestamptz NOT NULL,
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (name) WHERE revoked_at IS NULL;

    CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      key text NOT NULL UNIQUE,
      topic text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    DROP TABLE outbox;
    DROP TABLE api_tokens;
    DROP TABLE audit_events;
    DROP FUNCTION audit_events_append_only();
    DROP TABLE audit_chain;
    DROP TABLE grant_actions;
    DROP TABLE grant_uses;
    DROP TABLE grant_approvals;
    DROP TABLE grants;
  `);
}
