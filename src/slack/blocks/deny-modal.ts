import type { ModalView } from '@slack/types';
import { MODAL_TITLE_MAX } from '../mrkdwn.ts';
import { CallbackId, InputId } from './action-ids.ts';
import { plainText, section } from './block-kit.ts';
import { reasonInputBlock } from './text-input-block.ts';
import { type SubmittedView, textInput } from './view-state.ts';

/** Whether the Deny button was on a grant request or on an extension request. */
export type DenyKind = 'grant' | 'extension';

interface DenyMetadata {
  grantId: string;
  kind: DenyKind;
  /** For an extension: which one, so a late submission cannot deny a newer extension. */
  extensionId?: string;
}

/**
 * The modal behind **Deny**, asking for the reason the requester will read. private_metadata carries the grant id
 * and what is being denied (and which extension), as JSON.
 */
export function denyModal(grantId: string, kind: DenyKind, extensionId?: string): ModalView {
  const metadata: DenyMetadata = { grantId, kind, ...(extensionId ? { extensionId } : {}) };
  return {
    type: 'modal',
    callback_id: CallbackId.denyModal,
    private_metadata: JSON.stringify(metadata),
    title: plainText(kind === 'grant' ? 'Deny request' : 'Deny extension', MODAL_TITLE_MAX),
    submit: plainText('Deny', MODAL_TITLE_MAX),
    close: plainText('Cancel', MODAL_TITLE_MAX),
    blocks: [
      section(kind === 'grant' ? 'The requester is told the reason.' : 'The requester keeps access until it expires.'),
      // A short reason is fine ("not this week"), but there must be one: the requester and the audit trail need it.
      reasonInputBlock({ placeholder: 'Why is this denied?', minLength: 1 }),
    ],
  };
}

export interface DenyModalInput extends DenyMetadata {
  reason: string;
}

/** Reads a deny submission; undefined when its private_metadata is not what denyModal wrote. */
export function parseDenyModal(view: SubmittedView): DenyModalInput | undefined {
  let metadata: unknown;
  try {
    metadata = JSON.parse(view.private_metadata ?? '');
  } catch {
    return undefined;
  }
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const { grantId, kind, extensionId } = metadata as Record<string, unknown>;
  if (typeof grantId !== 'string' || (kind !== 'grant' && kind !== 'extension')) return undefined;
  const extension = typeof extensionId === 'string' ? { extensionId } : {};
  return { grantId, kind, ...extension, reason: textInput(view.state.values, InputId.reason) };
}
