import { isIP } from 'node:net';
import { z } from 'zod';
import { IDENTIFIER_PATTERN } from '../domain/grant-policy.ts';
import { INSTANT_FORMAT, parseInstant } from '../domain/instant.ts';

/** Query parameters arrive as text; a repeated parameter arrives as a list and is refused as ambiguous. */
const text = (expected: string) => z.string({ error: `expected ${expected}` });

/**
 * A whole number sent as query text. The bounds sit on the parsed number, so the OpenAPI document (which shows a
 * query parameter as the value it stands for) states them as an integer's minimum and maximum.
 */
const wholeNumber = (min: number, max: number, fallback: number) => {
  const expected = `expected a whole number from ${min} to ${max}`;
  return text(`a whole number from ${min} to ${max}`)
    .regex(/^\d{1,9}$/, expected)
    .transform(Number)
    .pipe(z.int(expected).min(min, expected).max(max, expected))
    .default(fallback);
};

/** The field schemas the API routes share, each with a message that says what is expected. */
export const apiFields = {
  tenant: text('a tenant id').regex(IDENTIFIER_PATTERN, 'expected a tenant id: letters, digits and ._@+-'),
  instant: text(INSTANT_FORMAT).transform((value, context) => {
    const at = parseInstant(value);
    if (!at) context.addIssue({ code: 'custom', message: `expected ${INSTANT_FORMAT}` });
    return at ?? new Date(Number.NaN);
  }),
  // node's isIP decides; the document names the same two formats.
  ipAddress: text('an IPv4 or IPv6 address')
    .refine((value) => isIP(value) !== 0, 'expected an IPv4 or IPv6 address')
    .meta({ anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] }),
  /** Browsers' user agents run to a few hundred characters; 512 leaves room without storing arbitrary payloads. */
  userAgent: text('text').max(512, 'expected at most 512 characters'),
  /** DESIGN.md §3: 0-based pages of 20 by default; 100 at most keeps a page one quick query. */
  page: wholeNumber(0, 10_000_000, 0),
  size: wholeNumber(1, 100, 20),
  /** Raw trail pages: 50 by default, at most 500. */
  limit: wholeNumber(1, 500, 50),
};

/** The message of a body that is not a JSON object (or was sent without Content-Type: application/json). */
export const JSON_BODY = { error: 'expected a JSON object (Content-Type: application/json)' };

/** [start, end) with end after start. */
export function checkRange(range: { start?: Date; end?: Date }, context: z.RefinementCtx): void {
  if (range.start && range.end && range.end.getTime() <= range.start.getTime()) {
    context.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
  }
}
