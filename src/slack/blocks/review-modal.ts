import type { InputBlock, ModalView, PlainTextOption } from '@slack/types';
import type { ReviewOutcome } from '../../domain/grant.ts';
import { REASON_MAX_LENGTH } from '../../domain/grant-policy.ts';
import { INPUT_LABEL_MAX, MODAL_TITLE_MAX, OPTION_TEXT_MAX } from '../mrkdwn.ts';
import { CallbackId, InputId } from './action-ids.ts';
import { plainText, section } from './block-kit.ts';
import { textInputBlock } from './text-input-block.ts';
import { type SubmittedView, selectedOption, textInput } from './view-state.ts';

const OUTCOMES: Record<ReviewOutcome, PlainTextOption> = {
  acknowledged: { text: plainText('Acknowledge: it was justified', OPTION_TEXT_MAX), value: 'acknowledged' },
  flagged: { text: plainText('Flag: compliance should look', OPTION_TEXT_MAX), value: 'flagged' },
};

/**
 * The modal behind **Review** on a break-glass: Acknowledge, or Flag with a note (required for a flag, which the
 * submission checks: Slack cannot make one input depend on another). private_metadata carries the grant id.
 */
export function reviewModal(grantId: string): ModalView {
  const outcome: InputBlock = {
    type: 'input',
    block_id: InputId.reviewOutcome,
    label: plainText('Review', INPUT_LABEL_MAX),
    element: {
      type: 'static_select',
      action_id: InputId.reviewOutcome,
      options: [OUTCOMES.acknowledged, OUTCOMES.flagged],
      initial_option: OUTCOMES.acknowledged,
    },
  };
  return {
    type: 'modal',
    callback_id: CallbackId.reviewModal,
    private_metadata: JSON.stringify({ grantId }),
    title: plainText('Review break-glass', MODAL_TITLE_MAX),
    submit: plainText('Record review', MODAL_TITLE_MAX),
    close: plainText('Cancel', MODAL_TITLE_MAX),
    blocks: [
      section('Access was taken without approval. Acknowledge it, or flag it with a note for compliance to follow up.'),
      outcome,
      textInputBlock({
        id: InputId.reviewNote,
        label: 'Note',
        placeholder: 'What should compliance know?',
        hint: `Required to flag; up to ${REASON_MAX_LENGTH} characters.`,
        maxLength: REASON_MAX_LENGTH,
        multiline: true,
        optional: true,
      }),
    ],
  };
}

export interface ReviewModalInput {
  grantId: string;
  outcome: ReviewOutcome;
  note: string | null;
}

/** Reads a review submission; undefined when its private_metadata is not what reviewModal wrote. */
export function parseReviewModal(view: SubmittedView): ReviewModalInput | undefined {
  let metadata: unknown;
  try {
    metadata = JSON.parse(view.private_metadata ?? '');
  } catch {
    return undefined;
  }
  const grantId = (metadata as { grantId?: unknown } | null)?.grantId;
  if (typeof grantId !== 'string') return undefined;
  // The select starts on Acknowledge, so a flag is always a choice; anything else reads as an acknowledgement.
  const outcome: ReviewOutcome =
    selectedOption(view.state.values, InputId.reviewOutcome) === 'flagged' ? 'flagged' : 'acknowledged';
  return { grantId, outcome, note: textInput(view.state.values, InputId.reviewNote) || null };
}
