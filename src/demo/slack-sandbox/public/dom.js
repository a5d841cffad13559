// One way to build DOM in the sandbox page: `el('div', {className: 'x', onclick}, 'text', child)`. Strings become
// text nodes, so nothing the app or a person wrote is ever parsed as HTML.

export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'value' || name === 'checked' || name === 'disabled' || name === 'selected')
      element[name] = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
    );
  }
  return parent;
}

/** Avatar colours, picked from the id so a person keeps theirs. */
const AVATAR_COLOURS = ['#e8912d', '#2bac76', '#1264a3', '#8c3f8c', '#c33a55', '#4a9faa', '#6b5b95'];

export function avatar(person, size = 36) {
  const name = person?.realName ?? person?.name ?? '?';
  const initials = name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  let hash = 0;
  for (const char of person?.id ?? name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const element = el('span', { className: 'avatar', 'aria-hidden': 'true' }, initials);
  element.style.setProperty('--avatar-size', `${size}px`);
  element.style.setProperty('--avatar-colour', AVATAR_COLOURS[hash % AVATAR_COLOURS.length]);
  return element;
}
