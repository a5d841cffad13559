import type { z } from 'zod';

/** How one environment variable is read: its schema, and what the error line says it should look like. */
export interface Setting<T> {
  readonly schema: z.ZodType<T, string>;
  /** Completes "expected …" in the error line. */
  readonly expected: string;
  /** Applied when the variable is unset or blank; always valid. */
  readonly fallback?: string;
  /** Never echoed in errors: tokens, and URLs that may carry a password or a signing key. */
  readonly secret?: boolean;
}

export const A_DURATION = 'a duration like 8h';
type Extra = Pick<Setting<unknown>, 'fallback' | 'secret'>;
export const is = <T, E extends Extra = Record<never, never>>(
  schema: z.ZodType<T, string>,
  expected: string,
  extra?: E,
) => ({ schema, expected, ...extra }) as { schema: z.ZodType<T, string>; expected: string } & E;
