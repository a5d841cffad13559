/**
 * A click on the sandbox page: where the page says it was (checked, never trusted), and the `actions[0]` Slack would
 * send for it, built from the element as the workspace stored it.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where a clicked element is, as the page names it. */
export type ActionTarget =
  | { type: 'message'; channel: string; ts: string }
  | { type: 'ephemeral'; channel: string; ts: string }
  | { type: 'view'; viewId: string };

export interface ActionInput {
  where: ActionTarget;
  blockId: string;
  actionId: string;
  /** For a select or overflow menu: the chosen option's value. */
  selectedValue?: string;
  /** For an element in a modal: the modal's inputs as they are (`state.values`). */
  values?: Record<string, unknown>;
}

/** The page's description of a click, checked; undefined when it is not one. */
export function parseActionInput(input: Json): ActionInput | undefined {
  const where = isObject(input.where) ? input.where : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  let target: ActionTarget;
  if (where.type === 'view' && text(where.viewId)) target = { type: 'view', viewId: text(where.viewId)! };
  else if ((where.type === 'message' || where.type === 'ephemeral') && text(where.channel) && text(where.ts)) {
    target = { type: where.type, channel: text(where.channel)!, ts: text(where.ts)! };
  } else return undefined;
  const blockId = text(input.blockId);
  const actionId = text(input.actionId);
  if (!blockId || !actionId) return undefined;
  const selectedValue = text(input.selectedValue);
  return {
    where: target,
    blockId,
    actionId,
    ...(selectedValue !== undefined ? { selectedValue } : {}),
    ...(isObject(input.values) ? { values: input.values } : {}),
  };
}

export function findElement(blocks: unknown[], blockId: string, actionId: string): Json | undefined {
  const block = blocks.find((candidate) => isObject(candidate) && candidate.block_id === blockId);
  if (!isObject(block)) return undefined;
  const elements = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory, block.element].filter(
    isObject,
  );
  const element = elements.find((candidate) => candidate.action_id === actionId);
  return element ? { ...element, block_id: blockId } : undefined;
}

/** The `actions[0]` Slack sends for an element, built from the element as stored, not from what the page says. */
export function actionOf(element: Json, input: ActionInput): Json | undefined {
  const base = { type: element.type, action_id: element.action_id, block_id: element.block_id };
  if (element.type === 'button') {
    return {
      ...base,
      text: element.text,
      ...(element.value !== undefined ? { value: element.value } : {}),
      ...(element.style !== undefined ? { style: element.style } : {}),
    };
  }
  if (element.type === 'static_select' || element.type === 'overflow') {
    const options = Array.isArray(element.options) ? element.options.filter(isObject) : [];
    const option = options.find((candidate) => candidate.value === input.selectedValue);
    if (!option) return undefined;
    const placeholder = element.placeholder !== undefined ? { placeholder: element.placeholder } : {};
    return { ...base, selected_option: option, ...placeholder };
  }
  return base;
}
