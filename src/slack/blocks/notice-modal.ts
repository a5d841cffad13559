import type { KnownBlock, ModalView } from '@slack/types';
import { MODAL_TITLE_MAX } from '../mrkdwn.ts';
import { plainText } from './block-kit.ts';

/**
 * A modal that only tells something and can only be closed: "Checking OPS-123 with Jira…" while a submission is
 * worked on, then what came of it. It replaces the submitted form (response_action `update`, then views.update),
 * so slow work never holds up Slack's 3-second acknowledgement.
 */
export function noticeModal(title: string, blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    title: plainText(title, MODAL_TITLE_MAX),
    close: plainText('Close', MODAL_TITLE_MAX),
    blocks,
  };
}
