/** The argument checks Slack's Web API methods share, failing with the error code Slack answers. */

import { withBlockIds } from './block-ids.ts';
import { blockErrors, Limit, viewErrors } from './block-kit-rules.ts';
import { SlackApiError } from './slack-api-error.ts';
import type { ApiArgs } from './web-api-request.ts';

/** Checks a message's text and blocks as chat.postMessage / chat.update / chat.postEphemeral do. */
export function checkMessage(args: ApiArgs): { text: string; blocks: unknown[] } {
  const text = typeof args.text === 'string' ? args.text : '';
  const blocks = args.blocks ?? [];
  if (!Array.isArray(blocks)) throw new SlackApiError('invalid_blocks_format');
  if (text === '' && blocks.length === 0) throw new SlackApiError('no_text');
  if (Array.from(text).length > Limit.messageText) throw new SlackApiError('msg_too_long');
  const errors = blockErrors(blocks);
  if (errors.length > 0) throw new SlackApiError('invalid_blocks', errors);
  return { text, blocks: withBlockIds(structuredClone(blocks)) };
}

/** A view as views.open / views.update / a `response_action` give it, checked as Slack does. */
export function checkedView(view: unknown): ApiArgs & { type: string } {
  if (view === undefined) throw new SlackApiError('invalid_arguments', ['[ERROR] missing required field: view']);
  const errors = viewErrors(view);
  if (errors.length > 0) throw new SlackApiError('invalid_arguments', errors);
  return view as ApiArgs & { type: string };
}

export function requiredString(value: unknown, error: string): string {
  if (typeof value !== 'string' || value === '') throw new SlackApiError(error);
  return value;
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
