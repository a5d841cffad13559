import type { Logger } from '@slack/bolt';
import { errorMessage } from '../error-message.ts';

/**
 * The text to show for a failed use case, logging what was not a refusal: a refusal is the product working (it is
 * audited where it matters); anything else is a fault someone should look at.
 */
export function reportFailure(logger: Logger, error: unknown, what: string): string {
  const { text, expected } = errorMessage(error);
  if (!expected) logger.error(`${what} failed`, error);
  return text;
}
