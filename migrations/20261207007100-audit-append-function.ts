import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * Appending to the hash chain in one statement, so the chain head is locked for that statement and the commit only,
 * instead of across three round trips between Node and Postgres (lock and read the head; insert and move it;
 * commit): with several writers, the head is free again as soon as one commit is done. The caller
 * (src/db/audit-store.ts) sends each event's canonical JSON in two parts, before and after its `prevHash` and `seq`
 * (which sort next to each other), and checks every returned hash against its own computation, so the chain is
 * hashed exactly as `grantdesk audit verify` recomputes it. The append-only triggers are untouched: the function
 * only inserts.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    CREATE FUNCTION audit_append(
      heads text[], tails text[], ids uuid[], occurred timestamptz[], types text[], severities text[], actors jsonb[],
      tenants text[], grant_ids uuid[], befores jsonb[], afters jsonb[], ip_addresses text[], user_agents text[],
      details jsonb[]
    ) RETURNS TABLE (seq bigint, prev_hash text, hash text) LANGUAGE plpgsql AS $$
    DECLARE
      next_seq bigint;
      head text;
    BEGIN
      SELECT c.head_seq, c.head_hash INTO next_seq, head FROM audit_chain c WHERE c.id = 1 FOR UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'audit_chain has no head row: run grantdesk migrate';
      END IF;
      FOR i IN 1 .. coalesce(array_length(heads, 1), 0) LOOP
        next_seq := next_seq + 1;
        prev_hash := head;
        head := encode(sha256(convert_to(
          prev_hash || heads[i] || ',"prevHash":"' || prev_hash || '","seq":' || next_seq || ',' || tails[i], 'UTF8')),
          'hex');
        INSERT INTO audit_events (seq, id, occurred_at, type, severity, actor, tenant, grant_id, before, after,
          ip_address, user_agent, details, prev_hash, hash)
        VALUES (next_seq, ids[i], occurred[i], types[i], severities[i], actors[i], tenants[i], grant_ids[i], befores[i],
          afters[i], ip_addresses[i], user_agents[i], details[i], prev_hash, head);
        seq := next_seq;
        hash := head;
        RETURN NEXT;
      END LOOP;
      UPDATE audit_chain SET head_seq = next_seq, head_hash = head WHERE id = 1;
    END $$;
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(
    `DROP FUNCTION audit_append(text[], text[], uuid[], timestamptz[], text[], text[], jsonb[], text[], uuid[],
       jsonb[], jsonb[], text[], text[], jsonb[])`,
  );
}
