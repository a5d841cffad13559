import type { z } from 'zod';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';

/**
 * Validates a request's body, query or path parameters, refusing with the first problem as `<field>: <what is
 * expected>` (400), so the client sees which field to fix. `where` names the whole input when it is not an object.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : where;
  const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : issue.message;
  throw new GrantdeskError(ErrorCode.InvalidInput, `${field}: ${message}`, { field });
}
