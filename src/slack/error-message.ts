/**
 * The one place that turns an error into what a Slack user reads. Grantdesk's own refusals already say what was
 * wrong and what to do; anything else is logged and answered with an apology that hides the internals.
 */
import { isGrantdeskError } from '../domain/errors.ts';
import { escapeText } from './mrkdwn.ts';

const UNEXPECTED = 'Something went wrong on our side and nothing was changed. Try again in a minute.';

export function errorMessage(error: unknown): { text: string; expected: boolean } {
  if (isGrantdeskError(error)) return { text: `:no_entry: ${escapeText(error.message)}`, expected: true };
  return { text: `:warning: ${UNEXPECTED}`, expected: false };
}
