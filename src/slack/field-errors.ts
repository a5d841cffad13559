import { ErrorCode, isGrantdeskError } from '../domain/errors.ts';
import { InputId } from './blocks/action-ids.ts';

/** Refusals about the ticket that do not name a field themselves (they come from Jira or the project policy). */
const TICKET_CODES: ReadonlySet<string> = new Set([
  ErrorCode.InvalidTicket,
  ErrorCode.TicketNotFound,
  ErrorCode.TicketNotAllowed,
  ErrorCode.TicketClosed,
]);

const INPUTS: ReadonlySet<string> = new Set(Object.values(InputId));

/**
 * The modal input a refusal is about (its block id in our modals), or undefined when it is about no one field.
 * Domain errors name the field in `details.field` with the same ids the modals use.
 */
export function fieldOf(error: unknown): string | undefined {
  if (!isGrantdeskError(error)) return undefined;
  const field = typeof error.details.field === 'string' ? error.details.field : undefined;
  if (field && INPUTS.has(field)) return field;
  return TICKET_CODES.has(error.code) ? InputId.ticket : undefined;
}

/**
 * Runs a pure check and turns a refusal about one field into the `errors` a view_submission acknowledgement shows
 * under that input (https://docs.slack.dev/surfaces/modals#displaying_errors). Returns undefined when the check
 * passes; a refusal about no field in particular is rethrown. The texts are plain text: Slack shows them as typed.
 */
export function fieldErrors(check: () => unknown): Record<string, string> | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    const field = fieldOf(error);
    if (!field || !isGrantdeskError(error)) throw error;
    return { [field]: error.message };
  }
}
