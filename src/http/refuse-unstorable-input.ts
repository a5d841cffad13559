import type { RequestHandler } from 'express';
import { findUnstorableText, unstorableTextError } from '../domain/storable-text.ts';

/**
 * 422 for a request whose body or query holds text Postgres cannot store unchanged (a NUL, an unpaired surrogate),
 * naming the field (`actor.id`, `details.note`, `userAgent`), before any route reads it: such text would otherwise
 * fail deep in a query, or be stored other than it was hashed. The audit store refuses it too, as a last guard.
 */
export const refuseUnstorableInput: RequestHandler = (req, _res, next) => {
  const body: unknown = req.body;
  const inBody =
    body !== null && typeof body === 'object' ? findUnstorableText(body as Record<string, unknown>) : undefined;
  const field = inBody ?? findUnstorableText(req.query as Record<string, unknown>);
  if (field) throw unstorableTextError(field);
  next();
};
