/**
 * Small constructors for the Block Kit objects Grantdesk uses. Each one cuts its text to Slack's limit, so a long
 * value shortens with an ellipsis instead of Slack rejecting the whole message. Text handed to them is already
 * mrkdwn: user text must have gone through `escapeAndTruncate` first.
 */
import type {
  ActionsBlock,
  Button,
  ConfirmationDialog,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';
import {
  ACTION_ID_MAX,
  BUTTON_TEXT_MAX,
  BUTTON_VALUE_MAX,
  CONFIRM_BUTTON_MAX,
  CONFIRM_TEXT_MAX,
  CONFIRM_TITLE_MAX,
  CONTEXT_ELEMENTS_MAX,
  HEADER_TEXT_MAX,
  MESSAGE_TEXT_MAX,
  SECTION_FIELD_TEXT_MAX,
  SECTION_FIELDS_MAX,
  SECTION_TEXT_MAX,
  TEXT_OBJECT_MAX,
  truncate,
} from '../mrkdwn.ts';

/** A message as chat.postMessage / chat.update / chat.postEphemeral take it: blocks plus the notification text. */
export interface SlackMessage {
  /** Shown in notifications and by clients that cannot render blocks. */
  text: string;
  blocks: KnownBlock[];
}

/**
 * A mrkdwn text object. `verbatim` stops Slack from auto-linking bare URLs and channel names in it; the mentions
 * and links Grantdesk writes itself (`<@U…>`, `<url|text>`) still render.
 */
export function mrkdwn(text: string, max = TEXT_OBJECT_MAX): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text, max), verbatim: true };
}

export function plainText(text: string, max = TEXT_OBJECT_MAX): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plainText(text, HEADER_TEXT_MAX) };
}

export function section(text: string, accessory?: Button): SectionBlock {
  return { type: 'section', text: mrkdwn(text, SECTION_TEXT_MAX), ...(accessory ? { accessory } : {}) };
}

/** A section of label/value fields laid out two per row; only the first 10 are kept (Slack's limit). */
export function fieldsSection(fields: readonly string[]): SectionBlock {
  return {
    type: 'section',
    fields: fields.slice(0, SECTION_FIELDS_MAX).map((field) => mrkdwn(field, SECTION_FIELD_TEXT_MAX)),
  };
}

export function context(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.slice(0, CONTEXT_ELEMENTS_MAX).map((text) => mrkdwn(text)) };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function actions(blockId: string, elements: Button[]): ActionsBlock {
  return { type: 'actions', block_id: truncate(blockId, ACTION_ID_MAX), elements };
}

export interface ButtonSpec {
  actionId: string;
  text: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmationDialog;
}

export function button(spec: ButtonSpec): Button {
  return {
    type: 'button',
    action_id: truncate(spec.actionId, ACTION_ID_MAX),
    text: plainText(spec.text, BUTTON_TEXT_MAX),
    value: truncate(spec.value, BUTTON_VALUE_MAX),
    ...(spec.style ? { style: spec.style } : {}),
    ...(spec.confirm ? { confirm: spec.confirm } : {}),
  };
}

export interface ConfirmSpec {
  title: string;
  /** mrkdwn; user text in it already escaped. */
  text: string;
  confirm: string;
  deny: string;
  style?: 'primary' | 'danger';
}

export function confirmDialog(spec: ConfirmSpec): ConfirmationDialog {
  return {
    title: plainText(spec.title, CONFIRM_TITLE_MAX),
    text: mrkdwn(spec.text, CONFIRM_TEXT_MAX),
    confirm: plainText(spec.confirm, CONFIRM_BUTTON_MAX),
    deny: plainText(spec.deny, CONFIRM_BUTTON_MAX),
    ...(spec.style ? { style: spec.style } : {}),
  };
}

/** A message with its notification text cut to Slack's limit. */
export function message(text: string, blocks: KnownBlock[]): SlackMessage {
  return { text: truncate(text, MESSAGE_TEXT_MAX), blocks };
}
