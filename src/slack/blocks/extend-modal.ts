import type { ModalView } from '@slack/types';
import { parseDuration } from '../../domain/duration.ts';
import type { Grant } from '../../domain/grant.ts';
import { date, MODAL_TITLE_MAX } from '../mrkdwn.ts';
import { CallbackId, InputId } from './action-ids.ts';
import { plainText, section } from './block-kit.ts';
import { type DurationBounds, durationSelectBlock } from './duration-options.ts';
import { tenantAndTarget } from './grant-facts.ts';
import { reasonInputBlock } from './text-input-block.ts';
import { type SubmittedView, selectedOption, textInput } from './view-state.ts';

/**
 * The durations to offer for an extension: none may push the expiry past GRANT_MAX_DURATION after the start, so the
 * room left is the maximum, cut to whole minutes (a select of `7h29m53s` helps nobody). With no room left a single
 * token option remains; submitting it gets the use case's explanation.
 */
export function extensionBounds(grant: Grant, policy: DurationBounds): DurationBounds {
  const expiry = grant.expiresAt?.getTime() ?? 0;
  const room = (grant.startTime?.getTime() ?? expiry) + policy.maxDurationMs - expiry;
  const unit = room >= 60_000 ? 60_000 : 1000;
  const max = Math.max(1000, Math.floor(room / unit) * unit);
  return {
    minDurationMs: Math.min(policy.minDurationMs, max),
    defaultDurationMs: Math.min(policy.defaultDurationMs, max),
    maxDurationMs: max,
  };
}

/**
 * The modal behind **Extend**: how much longer and why. private_metadata carries the grant id. `notice` (mrkdwn, user
 * text in it already escaped) is shown above the form, e.g. why the last submission was refused.
 */
export function extendModal(grant: Grant, bounds: DurationBounds, notice?: string): ModalView {
  const expires = grant.expiresAt ? `, expires ${date(grant.expiresAt)}` : '';
  return {
    type: 'modal',
    callback_id: CallbackId.extendModal,
    private_metadata: grant.id,
    title: plainText('Extend access', MODAL_TITLE_MAX),
    submit: plainText('Ask to extend', MODAL_TITLE_MAX),
    close: plainText('Cancel', MODAL_TITLE_MAX),
    blocks: [
      ...(notice ? [section(notice)] : []),
      section(`${grant.shortCode}: ${tenantAndTarget(grant)}${expires}. An approver decides on the extension.`),
      durationSelectBlock(bounds, 'Added to the current expiry once approved.'),
      reasonInputBlock({ placeholder: 'Why do you need more time?' }),
    ],
  };
}

export interface ExtendModalInput {
  grantId: string;
  durationMs: number | undefined;
  reason: string;
}

export function parseExtendModal(view: SubmittedView): ExtendModalInput {
  const duration = selectedOption(view.state.values, InputId.duration);
  return {
    grantId: view.private_metadata ?? '',
    durationMs: duration === undefined ? undefined : parseDuration(duration),
    reason: textInput(view.state.values, InputId.reason),
  };
}
