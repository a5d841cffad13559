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

/** The modal behind **Extend**: how much longer and why. private_metadata carries the grant id. */
export function extendModal(grant: Grant, bounds: DurationBounds): ModalView {
  const expires = grant.expiresAt ? `, expires ${date(grant.expiresAt)}` : '';
  return {
    type: 'modal',
    callback_id: CallbackId.extendModal,
    private_metadata: grant.id,
    title: plainText('Extend access', MODAL_TITLE_MAX),
    submit: plainText('Ask to extend', MODAL_TITLE_MAX),
    close: plainText('Cancel', MODAL_TITLE_MAX),
    blocks: [
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
