// A tiny element builder: the page's Content-Security-Policy forbids inline style attributes and
// every value is shown as text, so elements are built node by node, never from HTML strings.

/**
 * `h('td', {className: 'x', dataset: {k: 'v'}, 'aria-label': 'y'}, child, ...)`: properties known
 * to the element are set as properties, the rest as attributes; strings and numbers become text.
 */
export function h(tag, props = {}, ...children) {
  const el = tag.startsWith('svg:') ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name === 'className') el.setAttribute('class', value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'textContent' || name === 'value' || name === 'hidden' || name === 'selected') el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** An id unique in the document, for labels and aria references. */
let counter = 0;
export function uniqueId(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}
