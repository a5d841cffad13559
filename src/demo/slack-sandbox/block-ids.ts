import { randomBytes } from 'node:crypto';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const shortId = () => randomBytes(4).toString('base64url').slice(0, 5);

/**
 * Slack gives every block without a `block_id`, and every interactive element without an `action_id`, a random one
 * when it stores a message or view; interaction payloads and `view.state.values` are keyed by them. The copy is
 * changed, never the caller's blocks.
 */
export function withBlockIds(blocks: readonly unknown[]): unknown[] {
  return blocks.map((block) => {
    if (!isObject(block)) return block;
    const copy: Json = { ...block, block_id: typeof block.block_id === 'string' ? block.block_id : shortId() };
    if (Array.isArray(block.elements) && block.type === 'actions') copy.elements = block.elements.map(withActionId);
    if (isObject(block.accessory)) copy.accessory = withActionId(block.accessory);
    if (isObject(block.element)) copy.element = withActionId(block.element);
    return copy;
  });
}

function withActionId(element: unknown): unknown {
  if (!isObject(element) || element.type === 'image' || typeof element.action_id === 'string') return element;
  return { ...element, action_id: shortId() };
}
