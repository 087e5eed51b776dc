// Turns a Moodle REST XML answer into the same tree its JSON form would have (SINGLE → object,
// MULTIPLE → array, VALUE → string or null, EXCEPTION → {exception, errorcode, message}), so the
// comparison code serves both formats. A body cut by the recorder gives a partial tree: open lists
// and objects are closed and flagged with PARTIAL.

export const PARTIAL = Symbol('partial');

const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#0?39;/g, "'").replace(/&amp;/g, '&');

export function xmlToTree(xml) {
  const cut = xml.indexOf('…[truncated by recorder');
  const text = cut === -1 ? xml : xml.slice(0, cut);
  const tokens = text.matchAll(/<(\/?)([A-Z]+)((?:\s+[a-z]+="[^"]*")*)\s*(\/?)>|([^<]+)/g);
  const root = { kind: 'root', children: [] };
  const stack = [root];
  const top = () => stack.at(-1);
  for (const [, closing, tag, attrs, selfClosing, textNode] of tokens) {
    if (textNode !== undefined) {
      if (top().kind === 'VALUE' || top().kind === 'ERRORCODE' || top().kind === 'MESSAGE') top().text += textNode;
      continue;
    }
    if (closing) {
      if (top().kind === tag) stack.pop();
      continue;
    }
    if (tag === 'RESPONSE') continue;
    const node = { kind: tag, attrs: Object.fromEntries([...(attrs ?? '').matchAll(/([a-z]+)="([^"]*)"/g)].map((m) => [m[1], m[2]])), children: [], text: '' };
    top().children.push(node);
    if (!selfClosing) stack.push(node);
  }
  const partial = cut !== -1;
  const openNodes = new Set(partial ? stack : []);
  const build = (node) => {
    switch (node.kind) {
      case 'VALUE': return node.attrs.null === 'null' ? null : decode(node.text);
      case 'MULTIPLE': {
        const list = node.children.map(build);
        if (openNodes.has(node)) list[PARTIAL] = true;
        return list;
      }
      case 'SINGLE': {
        const obj = {};
        for (const key of node.children) if (key.kind === 'KEY' && key.children.length) obj[key.attrs.name] = build(key.children[0]);
        if (openNodes.has(node)) obj[PARTIAL] = true;
        return obj;
      }
      case 'EXCEPTION': {
        const out = { exception: node.attrs.class };
        for (const c of node.children) out[c.kind.toLowerCase()] = decode(c.text);
        return out;
      }
      default: return undefined;
    }
  };
  const first = root.children[0];
  return { tree: first ? build(first) : null, empty: !first, partial };
}

/** The XML with every VALUE's text removed: two answers of the same shape have the same skeleton. */
export function xmlSkeleton(xml) {
  const cut = xml.indexOf('…[truncated by recorder');
  return (cut === -1 ? xml : xml.slice(0, cut)).replace(/<VALUE>[^<]*<\/VALUE>/g, '<VALUE></VALUE>').replace(/<MESSAGE>[^<]*<\/MESSAGE>/g, '<MESSAGE></MESSAGE>');
}
