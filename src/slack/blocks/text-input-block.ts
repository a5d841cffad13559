import type { InputBlock, PlainTextInput } from '@slack/types';
import { INPUT_HINT_MAX, INPUT_LABEL_MAX, PLACEHOLDER_MAX, truncate } from '../mrkdwn.ts';
import { InputId } from './action-ids.ts';
import { plainText } from './block-kit.ts';

/** The reason's length bounds (DESIGN §1); Slack enforces them in the modal before it submits. */
export const REASON_MIN_LENGTH = 10;
export const REASON_MAX_LENGTH = 500;

export interface TextInputSpec {
  id: string;
  label: string;
  placeholder?: string;
  hint?: string;
  maxLength: number;
  minLength?: number;
  multiline?: boolean;
  initialValue?: string | undefined;
  optional?: boolean;
}

/** A plain_text_input in an input block whose block_id and action_id are both `id`. */
export function textInputBlock(spec: TextInputSpec): InputBlock {
  const element: PlainTextInput = {
    type: 'plain_text_input',
    action_id: spec.id,
    max_length: spec.maxLength,
    ...(spec.minLength ? { min_length: spec.minLength } : {}),
    ...(spec.multiline ? { multiline: true } : {}),
    ...(spec.placeholder ? { placeholder: plainText(spec.placeholder, PLACEHOLDER_MAX) } : {}),
    ...(spec.initialValue ? { initial_value: truncate(spec.initialValue, spec.maxLength) } : {}),
  };
  return {
    type: 'input',
    block_id: spec.id,
    label: plainText(spec.label, INPUT_LABEL_MAX),
    element,
    ...(spec.hint ? { hint: plainText(spec.hint, INPUT_HINT_MAX) } : {}),
    ...(spec.optional ? { optional: true } : {}),
  };
}

/** The multiline `reason` input of the request, extend and deny modals. */
export function reasonInputBlock(spec: { placeholder: string; initialValue?: string; minLength?: number }): InputBlock {
  const minLength = spec.minLength ?? REASON_MIN_LENGTH;
  return textInputBlock({
    id: InputId.reason,
    label: 'Reason',
    placeholder: spec.placeholder,
    hint: `${minLength}–${REASON_MAX_LENGTH} characters. The requester, approvers and compliance read this.`,
    minLength,
    maxLength: REASON_MAX_LENGTH,
    multiline: true,
    initialValue: spec.initialValue,
  });
}
