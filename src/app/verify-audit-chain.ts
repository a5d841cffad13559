import type { AuditQueries } from '../db/audit-store.ts';
import type { ChainVerdict } from '../domain/audit-chain.ts';
import { verifyChain } from '../domain/audit-chain.ts';

/**
 * Recomputes the chain from the checkpoint (genesis, or where retention last purged) or from `sinceSeq`, batch by
 * batch, and checks that it ends at the recorded head, so rows removed from the end are noticed too.
 */
export async function verifyAuditChain(
  audit: AuditQueries,
  options: { sinceSeq?: number } = {},
): Promise<ChainVerdict> {
  const state = await audit.chainState();
  let from = { seq: state.checkpointSeq, hash: state.checkpointHash };
  if (options.sinceSeq && options.sinceSeq - 1 > state.checkpointSeq) {
    const start = await audit.bySeq(options.sinceSeq - 1);
    if (start) from = { seq: start.seq, hash: start.hash };
  }
  let checked = 0;
  for await (const batch of audit.inOrder(from.seq)) {
    const verdict = verifyChain(batch, from);
    if (!verdict.ok) return { ...verdict, checked: checked + verdict.checked };
    checked += verdict.checked;
    const last = batch[batch.length - 1]!;
    from = { seq: last.seq, hash: last.hash };
  }
  if (from.seq !== state.headSeq || from.hash !== state.headHash) {
    return {
      ok: false,
      checked,
      brokenSeq: from.seq + 1,
      problem: `the trail ends at seq ${from.seq} but its recorded head is seq ${state.headSeq}: rows are missing`,
    };
  }
  return { ok: true, checked, head: state.headSeq > 0 ? { seq: state.headSeq, hash: state.headHash } : null };
}
