// The modal and the confirm dialog. A modal is drawn again only when the app changes it (a new view id or hash), so
// what a person is typing survives the page's other live updates.
import { collectValues, renderBlocks, renderText } from './block-kit.js';
import { el } from './dom.js';
import { withEmoji } from './emoji.js';

const plain = (text) => (text && typeof text.text === 'string' ? withEmoji(text.text) : '');

export class ModalLayer {
  constructor(layer, { submit, close, act, renderContext }) {
    this.layer = layer;
    this.handlers = { submit, close, act };
    this.renderContext = renderContext;
    this.shown = null;
    this.errors = {};
    this.banner = null;
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.shown && document.getElementById('confirm-layer').hidden) this.cancel();
    });
  }

  /** Shows the viewer's top modal (or nothing); redraws only when the view itself changed. */
  show(modal) {
    const key = modal ? `${modal.view.id}:${modal.view.hash}` : null;
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.shown = modal?.view ?? null;
    this.errors = {};
    this.banner = null;
    this.draw();
  }

  draw() {
    const view = this.shown;
    this.layer.replaceChildren();
    this.layer.hidden = !view;
    if (!view) return;
    const body = renderBlocks(view.blocks, {
      ...this.renderContext(),
      surface: 'modal',
      errors: this.errors,
      onAction: (element, block, extra) =>
        this.handlers.act({
          where: { type: 'view', viewId: view.id },
          blockId: block.block_id,
          actionId: element.action_id,
          ...extra,
          values: collectValues(this.layer, view).values,
        }),
    });
    const submitButton = view.submit
      ? el('button', { type: 'submit', className: 'button button-primary', id: 'modal-submit' }, plain(view.submit))
      : null;
    const form = el(
      'form',
      {
        className: 'modal',
        role: 'dialog',
        'aria-modal': 'true',
        'aria-labelledby': 'modal-title',
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          this.submit(form);
        },
      },
      el(
        'div',
        { className: 'modal-header' },
        el('img', { src: '/assets/grantdesk.svg', alt: '', width: 24, height: 24 }),
        el('h2', { id: 'modal-title' }, plain(view.title)),
        el(
          'button',
          { type: 'button', className: 'modal-x', 'aria-label': 'Close dialog', onclick: () => this.cancel() },
          '×',
        ),
      ),
      this.banner ? el('div', { className: 'modal-banner', role: 'alert' }, this.banner) : null,
      el('div', { className: 'modal-body' }, body),
      el(
        'div',
        { className: 'modal-footer' },
        el(
          'button',
          { type: 'button', className: 'button', onclick: () => this.cancel() },
          plain(view.close) || 'Cancel',
        ),
        submitButton,
      ),
    );
    this.layer.append(form);
    const firstError = form.querySelector(
      '.bk-input-invalid input, .bk-input-invalid textarea, .bk-input-invalid select',
    );
    (firstError ?? form.querySelector('input, textarea, select'))?.focus();
  }

  async submit(form) {
    const view = this.shown;
    const { values, errors } = collectValues(this.layer, view);
    // Slack checks required fields and lengths itself, before the app hears anything.
    if (Object.keys(errors).length > 0) return this.redraw(values, errors, null);
    for (const button of form.querySelectorAll('button')) button.disabled = true;
    form.classList.add('modal-busy');
    const result = await this.handlers.submit(view.id, values);
    if (this.shown?.id !== view.id || result.ok) {
      form.classList.remove('modal-busy');
      return;
    }
    this.redraw(values, result.errors ?? {}, result.errors ? null : result.error);
  }

  /** Draws the same view again with errors, keeping what was typed. */
  redraw(values, errors, banner) {
    this.errors = errors;
    this.banner = banner;
    this.draw();
    for (const control of this.layer.querySelectorAll('[data-element-type]')) {
      const state = values[control.dataset.blockId]?.[control.dataset.actionId];
      if (!state) continue;
      control.value = state.type === 'static_select' ? (state.selected_option?.value ?? '') : (state.value ?? '');
    }
  }

  cancel() {
    if (this.shown) this.handlers.close(this.shown.id);
  }
}

/** Slack's confirm dialog for a button: resolves true when confirmed. */
export function confirmDialog(dialog, buttonStyle, renderContext) {
  const layer = document.getElementById('confirm-layer');
  return new Promise((resolve) => {
    const finish = (answer) => {
      layer.hidden = true;
      layer.replaceChildren();
      document.removeEventListener('keydown', onKey);
      resolve(answer);
    };
    const onKey = (event) => {
      if (event.key === 'Escape') finish(false);
    };
    document.addEventListener('keydown', onKey);
    const style = dialog.style ?? (buttonStyle === 'danger' ? 'danger' : 'primary');
    const confirmButton = el(
      'button',
      { type: 'button', className: `button button-${style}`, id: 'confirm-yes', onclick: () => finish(true) },
      plain(dialog.confirm) || 'Yes',
    );
    layer.replaceChildren(
      el(
        'div',
        { className: 'modal confirm', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'confirm-title' },
        el(
          'div',
          { className: 'modal-header' },
          el('h2', { id: 'confirm-title' }, plain(dialog.title) || 'Are you sure?'),
        ),
        el('div', { className: 'modal-body' }, renderText(dialog.text, renderContext)),
        el(
          'div',
          { className: 'modal-footer' },
          el(
            'button',
            { type: 'button', className: 'button', onclick: () => finish(false) },
            plain(dialog.deny) || 'Cancel',
          ),
          confirmButton,
        ),
      ),
    );
    layer.hidden = false;
    confirmButton.focus();
  });
}
