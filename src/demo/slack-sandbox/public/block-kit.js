// Block Kit (https://docs.slack.dev/reference/block-kit) rendered the way Slack lays it out: header, section (text,
// fields, accessory), context, divider, actions (buttons, selects, overflow), image, input (plain-text and select),
// markdown and simple rich_text. Interactive elements call `context.onAction`; buttons with a confirm dialog ask
// first through `context.confirm`.
import { el } from './dom.js';
import { withEmoji } from './emoji.js';
import { renderMrkdwn, safeUrl } from './mrkdwn.js';

/** A text object: plain_text (emoji shortcodes shown when `emoji` is not false) or mrkdwn. */
export function renderText(text, context) {
  if (!text || typeof text.text !== 'string') return document.createTextNode('');
  if (text.type === 'mrkdwn') return renderMrkdwn(text.text, context);
  return document.createTextNode(text.emoji === false ? text.text : withEmoji(text.text));
}

const plain = (text) => (text && typeof text.text === 'string' ? withEmoji(text.text) : '');

/** Renders blocks; `context.surface` is 'message', 'modal' or 'home'. */
export function renderBlocks(blocks, context) {
  const container = el('div', { className: 'blocks' });
  for (const block of Array.isArray(blocks) ? blocks : []) container.append(renderBlock(block, context));
  return container;
}

function renderBlock(block, context) {
  const dataset = { blockId: block.block_id ?? '' };
  switch (block.type) {
    case 'header':
      return el('div', { className: 'bk-header', dataset }, plain(block.text));
    case 'section':
      return section(block, context);
    case 'context':
      return el(
        'div',
        { className: 'bk-context', dataset },
        (block.elements ?? []).map((element) =>
          element.type === 'image'
            ? image(element, 'bk-context-image')
            : el('span', { className: 'bk-context-text' }, renderText(element, context)),
        ),
      );
    case 'divider':
      return el('hr', { className: 'bk-divider' });
    case 'actions':
      return el(
        'div',
        { className: 'bk-actions', dataset },
        (block.elements ?? []).map((element) => interactive(element, block, context)),
      );
    case 'image':
      return el(
        'figure',
        { className: 'bk-image', dataset },
        block.title ? el('figcaption', {}, plain(block.title)) : null,
        image(block, ''),
      );
    case 'input':
      return input(block, context);
    case 'markdown':
      return el('div', { className: 'bk-section-text', dataset }, renderMrkdwn(block.text ?? '', context));
    case 'rich_text':
      return el('div', { className: 'bk-section-text', dataset }, richText(block.elements ?? [], context));
    default:
      return el('div', { className: 'bk-unsupported', dataset }, `[${block.type} block: not shown in the sandbox]`);
  }
}

function section(block, context) {
  const body = el(
    'div',
    { className: 'bk-section-body' },
    block.text ? el('div', { className: 'bk-section-text' }, renderText(block.text, context)) : null,
    Array.isArray(block.fields) && block.fields.length > 0
      ? el(
          'div',
          { className: 'bk-fields' },
          block.fields.map((field) => el('div', { className: 'bk-field' }, renderText(field, context))),
        )
      : null,
  );
  const accessory = block.accessory
    ? el(
        'div',
        { className: 'bk-accessory' },
        block.accessory.type === 'image'
          ? image(block.accessory, 'bk-accessory-image')
          : interactive(block.accessory, block, context),
      )
    : null;
  return el('div', { className: 'bk-section', dataset: { blockId: block.block_id ?? '' } }, body, accessory);
}

function image(element, className) {
  const source = element.image_url?.startsWith('/sandbox/files/')
    ? element.image_url
    : safeUrl(element.image_url ?? '');
  if (!source) return el('span', { className: 'bk-image-missing' }, `[image: ${element.alt_text ?? ''}]`);
  return el('img', { className, src: source, alt: element.alt_text ?? '', loading: 'lazy' });
}

/** A button, select or overflow menu that sends a block action when used. */
function interactive(element, block, context) {
  switch (element.type) {
    case 'button':
      return button(element, block, context);
    case 'static_select':
    case 'overflow': {
      const select = el(
        'select',
        {
          className: element.type === 'overflow' ? 'bk-overflow' : 'bk-select',
          'aria-label': plain(element.placeholder) || 'More actions',
          onchange: (event) => {
            const selectedValue = event.target.value;
            event.target.selectedIndex = 0;
            context.onAction?.(element, block, { selectedValue });
          },
        },
        el('option', { value: '' }, element.type === 'overflow' ? '⋯' : plain(element.placeholder) || 'Select…'),
        optionsOf(element).map((option) => el('option', { value: option.value }, plain(option.text))),
      );
      return select;
    }
    default:
      return el('span', { className: 'bk-unsupported' }, `[${element.type}]`);
  }
}

function button(element, block, context) {
  const styleClass = element.style ? ` bk-button-${element.style}` : '';
  return el(
    'button',
    {
      type: 'button',
      className: `bk-button${styleClass}`,
      dataset: { actionId: element.action_id ?? '' },
      onclick: async (event) => {
        const target = event.currentTarget;
        if (element.confirm && !(await context.confirm(element.confirm, element.style))) return;
        const url = element.url ? safeUrl(element.url) : null;
        if (url) window.open(url, '_blank', 'noopener,noreferrer');
        target.disabled = true;
        target.classList.add('bk-button-busy');
        try {
          await context.onAction?.(element, block, {});
        } finally {
          target.disabled = false;
          target.classList.remove('bk-button-busy');
        }
      },
    },
    plain(element.text),
  );
}

function optionsOf(element) {
  if (Array.isArray(element.options)) return element.options;
  return (element.option_groups ?? []).flatMap((group) => group.options ?? []);
}

/** An input block of a modal; its value is read back by collectValues. */
function input(block, context) {
  const element = block.element ?? {};
  const id = `input-${block.block_id}`;
  const error = context.errors?.[block.block_id];
  const control = inputControl(element, id, block);
  return el(
    'div',
    { className: `bk-input${error ? ' bk-input-invalid' : ''}`, dataset: { blockId: block.block_id ?? '' } },
    el(
      'label',
      { className: 'bk-input-label', for: id },
      plain(block.label),
      block.optional ? el('span', { className: 'bk-optional' }, ' (optional)') : null,
    ),
    control,
    error ? el('div', { className: 'bk-input-error', role: 'alert' }, error) : null,
    block.hint ? el('div', { className: 'bk-input-hint' }, plain(block.hint)) : null,
  );
}

function inputControl(element, id, block) {
  const dataset = { actionId: element.action_id ?? '', elementType: element.type ?? '', blockId: block.block_id };
  if (element.type === 'plain_text_input') {
    const props = {
      id,
      className: 'bk-text-input',
      dataset: { ...dataset, minLength: element.min_length ?? '', optional: block.optional ? 'true' : '' },
      maxlength: element.max_length,
      placeholder: plain(element.placeholder) || null,
      value: element.initial_value ?? '',
    };
    return element.multiline ? el('textarea', { ...props, rows: 4 }) : el('input', { ...props, type: 'text' });
  }
  if (element.type === 'static_select') {
    const initial = element.initial_option?.value;
    return el(
      'select',
      { id, className: 'bk-select', dataset: { ...dataset, optional: block.optional ? 'true' : '' } },
      el('option', { value: '' }, plain(element.placeholder) || 'Select an option'),
      optionsOf(element).map((option) =>
        el('option', { value: option.value, selected: option.value === initial }, plain(option.text)),
      ),
    );
  }
  return el('div', { className: 'bk-unsupported' }, `[${element.type} input: not supported in the sandbox]`);
}

/**
 * The modal's `state.values` as Slack sends them, and the errors Slack itself shows before submitting (a required
 * field left empty, text shorter than min_length).
 */
export function collectValues(root, view) {
  const values = {};
  const errors = {};
  const elements = new Map();
  for (const block of view.blocks ?? []) if (block.type === 'input') elements.set(block.block_id, block.element);
  for (const control of root.querySelectorAll('[data-element-type]')) {
    const { blockId, actionId, elementType, minLength, optional } = control.dataset;
    const element = elements.get(blockId) ?? {};
    if (elementType === 'plain_text_input') {
      const value = control.value;
      values[blockId] = { [actionId]: { type: 'plain_text_input', value: value === '' ? null : value } };
      if (!optional && value.trim() === '') errors[blockId] = 'Please complete this required field.';
      else if (value !== '' && minLength && value.length < Number(minLength)) {
        errors[blockId] = `Must have at least ${minLength} characters`;
      }
    } else if (elementType === 'static_select') {
      const option = optionsOf(element).find((candidate) => candidate.value === control.value);
      values[blockId] = { [actionId]: { type: 'static_select', selected_option: option ?? null } };
      if (!optional && !option) errors[blockId] = 'Please complete this required field.';
    }
  }
  return { values, errors };
}

function richText(elements, context) {
  return elements.map((element) => {
    if (Array.isArray(element.elements)) {
      const tag =
        element.type === 'rich_text_preformatted' ? 'pre' : element.type === 'rich_text_quote' ? 'blockquote' : 'div';
      return el(tag, {}, richText(element.elements, context));
    }
    switch (element.type) {
      case 'text':
        return document.createTextNode(element.text ?? '');
      case 'link': {
        const url = safeUrl(element.url ?? '');
        return url
          ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, element.text ?? url)
          : (element.text ?? '');
      }
      case 'user':
        return el('span', { className: 'mention' }, `@${context.personName?.(element.user_id) ?? element.user_id}`);
      case 'emoji':
        return withEmoji(`:${element.name}:`);
      default:
        return '';
    }
  });
}
