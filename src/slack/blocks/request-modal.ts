import type { ModalView } from '@slack/types';
import { parseDuration } from '../../domain/duration.ts';
import type { AccessLevel } from '../../domain/policy/access-policy.ts';
import { MODAL_TITLE_MAX, PRIVATE_METADATA_MAX, truncate } from '../mrkdwn.ts';
import { accessLevelSelectBlock, parseAccessLevel } from './access-level-select.ts';
import { CallbackId, InputId } from './action-ids.ts';
import { context, plainText, section } from './block-kit.ts';
import { type DurationBounds, durationSelectBlock } from './duration-options.ts';
import { reasonInputBlock, textInputBlock } from './text-input-block.ts';
import { selectedOption, textInput, type ViewStateValues } from './view-state.ts';

const TENANT_MAX_LENGTH = 200;
const TARGET_USER_MAX_LENGTH = 200;
const TICKET_MAX_LENGTH = 50;

export interface RequestModalOptions extends DurationBounds {
  /** Values to start from, e.g. what an inline `/grant` that could not be parsed did say. */
  initial?: { tenant?: string; targetUser?: string; ticketKey?: string; reason?: string; accessLevel?: AccessLevel };
  /** Round-tripped to the submission, e.g. the channel the command was typed in. */
  privateMetadata?: string;
  /** mrkdwn shown above the form, e.g. why the last submission was refused (user text in it already escaped). */
  notice?: string;
}

/**
 * The `/grant` request modal: tenant, target user (optional), ticket, reason, a duration within the bounds, and the
 * access level (read unless write is chosen).
 */
export function requestModal(options: RequestModalOptions): ModalView {
  const initial = options.initial ?? {};
  return {
    type: 'modal',
    callback_id: CallbackId.requestModal,
    title: plainText('Request access', MODAL_TITLE_MAX),
    submit: plainText('Request', MODAL_TITLE_MAX),
    close: plainText('Cancel', MODAL_TITLE_MAX),
    private_metadata: truncate(options.privateMetadata ?? '', PRIVATE_METADATA_MAX),
    blocks: [
      ...(options.notice ? [section(options.notice)] : []),
      context('Access is time-boxed and audited. An approver decides; the clock starts when the request is approved.'),
      textInputBlock({
        id: InputId.tenant,
        label: 'Tenant',
        placeholder: 'acme-corp',
        maxLength: TENANT_MAX_LENGTH,
        initialValue: initial.tenant,
      }),
      textInputBlock({
        id: InputId.targetUser,
        label: 'Act as user',
        placeholder: 'jane@acme.com',
        hint: 'Optional: the tenant user to act as.',
        maxLength: TARGET_USER_MAX_LENGTH,
        initialValue: initial.targetUser,
        optional: true,
      }),
      textInputBlock({
        id: InputId.ticket,
        label: 'Jira ticket',
        placeholder: 'OPS-123',
        maxLength: TICKET_MAX_LENGTH,
        initialValue: initial.ticketKey,
      }),
      reasonInputBlock({ placeholder: 'What will you do, and why?', initialValue: initial.reason }),
      durationSelectBlock(options, 'The clock starts when the request is approved.'),
      accessLevelSelectBlock(initial.accessLevel),
    ],
  };
}

/** What the request modal's submission says; validation is the use case's job. */
export interface RequestModalInput {
  tenant: string;
  targetUser: string | null;
  ticketKey: string;
  reason: string;
  /** undefined when no duration was chosen or its value cannot be read. */
  durationMs: number | undefined;
  accessLevel: AccessLevel;
}

export function parseRequestModal(values: ViewStateValues): RequestModalInput {
  const duration = selectedOption(values, InputId.duration);
  return {
    tenant: textInput(values, InputId.tenant),
    targetUser: textInput(values, InputId.targetUser) || null,
    ticketKey: textInput(values, InputId.ticket).toUpperCase(),
    reason: textInput(values, InputId.reason),
    durationMs: duration === undefined ? undefined : parseDuration(duration),
    accessLevel: parseAccessLevel(values),
  };
}
