import type { Actor } from '../domain/grant.ts';

/** The operator at the terminal, as the audit trail names them. */
export const operator: Actor = { kind: 'system', id: `cli:${process.env.USER ?? 'operator'}` };
