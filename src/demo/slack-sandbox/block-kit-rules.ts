/**
 * Slack's Block Kit rules, as the sandbox enforces them on what the app posts, so a message Slack would refuse is
 * refused here too (with Slack's `invalid_blocks` and `response_metadata.messages`) instead of looking fine in the demo.
 * The tests' fake Slack (test/fakes/fake-slack.ts, which serves this sandbox's workspace) and the builders' unit tests
 * use these rules too. The limits themselves, each with its source, are in block-kit-limits.ts.
 */
import { Limit } from './block-kit-limits.ts';

export { Limit };

type Json = Record<string, unknown>;

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'actions',
  'divider',
  'input',
  'image',
  'markdown',
  'rich_text',
  'file',
  'video',
  'table',
]);

function length(text: string): number {
  return Array.from(text).length;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Report {
  readonly errors: string[] = [];

  add(message: string, pointer: string): void {
    this.errors.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }

  maxLength(value: unknown, max: number, pointer: string): void {
    if (typeof value === 'string' && length(value) > max) this.add(`must be less than ${max + 1} characters`, pointer);
  }

  text(value: unknown, pointer: string, max: number, plainOnly = false): void {
    if (!isObject(value)) {
      this.add('must be an object', pointer);
      return;
    }
    if (value.type !== 'plain_text' && (plainOnly || value.type !== 'mrkdwn')) {
      this.add('must be a valid enum value', `${pointer}/type`);
    }
    if (typeof value.text !== 'string') this.add('missing required field: text', pointer);
    else if (value.text.length === 0) this.add('must be more than 0 characters', `${pointer}/text`);
    else this.maxLength(value.text, max, `${pointer}/text`);
  }

  items(value: unknown, pointer: string, max: number, min = 1): value is unknown[] {
    if (!Array.isArray(value)) {
      this.add('must be an array', pointer);
      return false;
    }
    if (value.length < min) this.add(`must provide at least ${min} items`, pointer);
    if (value.length > max) this.add(`no more than ${max} items allowed`, pointer);
    return true;
  }
}

/** Errors in a surface's blocks; empty when Slack would accept them. */
export function blockErrors(blocks: unknown, options: { pointer?: string; maxBlocks?: number } = {}): string[] {
  const report = new Report();
  checkBlocks(report, blocks, options.pointer ?? '/blocks', options.maxBlocks ?? Limit.messageBlocks);
  return report.errors;
}

/** Errors in a modal or Home tab view; empty when Slack would accept it. */
export function viewErrors(view: unknown): string[] {
  const report = new Report();
  if (!isObject(view)) {
    report.add('must be an object', '/view');
    return report.errors;
  }
  if (view.type !== 'modal' && view.type !== 'home') report.add('must be a valid enum value', '/view/type');
  if (view.type === 'modal') {
    if (view.title === undefined) report.add('missing required field: title', '/view');
    else report.text(view.title, '/view/title', Limit.modalTitle, true);
    if (view.submit !== undefined) report.text(view.submit, '/view/submit', Limit.modalTitle, true);
    if (view.close !== undefined) report.text(view.close, '/view/close', Limit.modalTitle, true);
  }
  report.maxLength(view.private_metadata, Limit.privateMetadata, '/view/private_metadata');
  report.maxLength(view.callback_id, Limit.callbackId, '/view/callback_id');
  report.maxLength(view.external_id, Limit.callbackId, '/view/external_id');
  checkBlocks(report, view.blocks, '/view/blocks', Limit.viewBlocks);
  if (view.type === 'modal' && view.submit === undefined && Array.isArray(view.blocks)) {
    const index = view.blocks.findIndex((block) => isObject(block) && block.type === 'input');
    if (index >= 0) report.add('must define `submit` to use an `input` block in modals', `/view/blocks/${index}/input`);
  }
  return report.errors;
}

function checkBlocks(report: Report, blocks: unknown, pointer: string, maxBlocks: number): void {
  if (!report.items(blocks, pointer, maxBlocks, 0)) return;
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const at = `${pointer}/${index}`;
    if (!isObject(block)) {
      report.add('must be an object', at);
      return;
    }
    if (typeof block.block_id === 'string') {
      report.maxLength(block.block_id, Limit.blockId, `${at}/block_id`);
      if (blockIds.has(block.block_id)) report.add('duplicate block_id', `${at}/block_id`);
      blockIds.add(block.block_id);
    }
    checkBlock(report, block, at);
  });
}

function checkBlock(report: Report, block: Json, at: string): void {
  if (typeof block.type !== 'string' || !BLOCK_TYPES.has(block.type)) {
    report.add(`unsupported type: ${String(block.type)}`, `${at}/type`);
    return;
  }
  switch (block.type) {
    case 'header':
      report.text(block.text, `${at}/text`, Limit.headerText, true);
      return;
    case 'section':
      if (block.text === undefined && block.fields === undefined) report.add('must provide either text or fields', at);
      if (block.text !== undefined) report.text(block.text, `${at}/text`, Limit.sectionText);
      if (block.fields !== undefined && report.items(block.fields, `${at}/fields`, Limit.sectionFields)) {
        block.fields.forEach((field, i) => {
          report.text(field, `${at}/fields/${i}`, Limit.sectionFieldText);
        });
      }
      if (block.accessory !== undefined) checkElement(report, block.accessory, `${at}/accessory`);
      return;
    case 'context':
      if (report.items(block.elements, `${at}/elements`, Limit.contextElements)) {
        block.elements.forEach((element, i) => {
          const where = `${at}/elements/${i}`;
          if (isObject(element) && element.type === 'image') return;
          report.text(element, where, Limit.textObject);
        });
      }
      return;
    case 'actions':
      if (report.items(block.elements, `${at}/elements`, Limit.actionsElements)) {
        block.elements.forEach((element, i) => {
          checkElement(report, element, `${at}/elements/${i}`);
        });
      }
      return;
    case 'input':
      report.text(block.label, `${at}/label`, Limit.inputLabel, true);
      if (block.hint !== undefined) report.text(block.hint, `${at}/hint`, Limit.inputHint, true);
      if (block.element === undefined) report.add('missing required field: element', at);
      else checkElement(report, block.element, `${at}/element`);
      return;
    case 'markdown':
      if (typeof block.text !== 'string') report.add('missing required field: text', at);
      else report.maxLength(block.text, Limit.markdownText, `${at}/text`);
      return;
    default:
      return;
  }
}

function checkElement(report: Report, element: unknown, at: string): void {
  if (!isObject(element)) {
    report.add('must be an object', at);
    return;
  }
  report.maxLength(element.action_id, Limit.actionId, `${at}/action_id`);
  if (element.placeholder !== undefined) report.text(element.placeholder, `${at}/placeholder`, Limit.placeholder, true);
  if (element.confirm !== undefined) checkConfirm(report, element.confirm, `${at}/confirm`);
  switch (element.type) {
    case 'button':
      report.text(element.text, `${at}/text`, Limit.buttonText, true);
      report.maxLength(element.value, Limit.buttonValue, `${at}/value`);
      report.maxLength(element.url, Limit.url, `${at}/url`);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
        report.add('must be a valid enum value', `${at}/style`);
      }
      return;
    case 'static_select':
    case 'multi_static_select':
      checkOptions(report, element, at, Limit.options);
      return;
    case 'overflow':
      checkOptions(report, element, at, Limit.overflowOptions);
      return;
    case 'plain_text_input': {
      const min = element.min_length;
      const max = element.max_length;
      if (typeof min === 'number' && min > Limit.textInputLength)
        report.add('must be at most 3000', `${at}/min_length`);
      if (typeof max === 'number' && max > Limit.textInputLength)
        report.add('must be at most 3000', `${at}/max_length`);
      if (typeof min === 'number' && typeof max === 'number' && min > max) {
        report.add('min_length must be less than or equal to max_length', `${at}/min_length`);
      }
      if (typeof max === 'number') report.maxLength(element.initial_value, max, `${at}/initial_value`);
      return;
    }
    default:
      return;
  }
}

function checkOptions(report: Report, element: Json, at: string, max: number): void {
  if (element.option_groups !== undefined) return;
  if (!report.items(element.options, `${at}/options`, max)) return;
  const values = new Set<unknown>();
  element.options.forEach((option, i) => {
    const where = `${at}/options/${i}`;
    if (!isObject(option)) {
      report.add('must be an object', where);
      return;
    }
    report.text(option.text, `${where}/text`, Limit.optionText, element.type !== 'overflow');
    report.maxLength(option.value, Limit.optionValue, `${where}/value`);
    if (option.description !== undefined) report.text(option.description, `${where}/description`, Limit.optionText);
    values.add(option.value);
  });
  const initial = element.initial_option;
  if (isObject(initial) && !values.has(initial.value)) {
    report.add('initial_option must match one of the options', `${at}/initial_option`);
  }
}

function checkConfirm(report: Report, confirm: unknown, at: string): void {
  if (!isObject(confirm)) {
    report.add('must be an object', at);
    return;
  }
  if (confirm.title !== undefined) report.text(confirm.title, `${at}/title`, Limit.confirmTitle, true);
  report.text(confirm.text, `${at}/text`, Limit.confirmText);
  if (confirm.confirm !== undefined) report.text(confirm.confirm, `${at}/confirm`, Limit.confirmButton, true);
  if (confirm.deny !== undefined) report.text(confirm.deny, `${at}/deny`, Limit.confirmButton, true);
}
