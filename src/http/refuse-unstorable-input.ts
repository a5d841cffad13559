import type { RequestHandler } from 'express';
import { findUnstorableText, unstorableTextError } from '../domain/storable-text.ts';

/**
 * 422 for a request whose body or query holds text Postgres cannot store unchanged (a NUL, an unpaired surrogate),
 * naming the field (`actor.id`, `details.note`, `userAgent`), before any route reads it: such text would otherwise
 * fail deep in a query, or be stored other than it was hashed. The audit store refuses it too, as a last guard.
 */
export const refuseUnstorableInput: RequestHandler = (req, _res, next) => {
  refuseUnstorableText(req.body, req.query as Record<string, unknown>);
  next();
};

/** Throws UnstorableText (422) naming the first such field of the body, else of the query. */
export function refuseUnstorableText(body: unknown, query: Record<string, unknown>): void {
  const inBody =
    body !== null && typeof body === 'object' ? findUnstorableText(body as Record<string, unknown>) : undefined;
  const field = inBody ?? findUnstorableText(query);
  if (field) throw unstorableTextError(field);
}
