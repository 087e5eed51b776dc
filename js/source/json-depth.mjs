// JSON.parse reads any depth, but JSON.stringify, structuredClone and every recursive walk throw
// "Maximum call stack size exceeded" a few thousand levels down: one junk field would stop the
// whole export from reaching the core. Values below MAX_DEPTH levels are cut (replaced by null),
// which still leaves the field far deeper than the core reads, so the core fails that entity
// alone, naming its file and itself.

export const MAX_DEPTH = 128;

// The roots something was cut from: their file's text cannot be handed on as it is.
const cutRoots = new WeakSet();

/** Whether cutTooDeep cut anything from `root`. */
export const wasCut = (root) => cutRoots.has(root);

/** Cuts, in place and without recursion, every object or array deeper than `maxDepth` levels (the root is level 1); returns how many were cut. */
export function cutTooDeep(root, maxDepth = MAX_DEPTH) {
  let cut = 0;
  const stack = [[root, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    for (const key of Object.keys(value)) {
      const child = value[key];
      if (child === null || typeof child !== 'object') continue;
      if (depth + 1 > maxDepth) {
        value[key] = null;
        cut += 1;
      } else {
        stack.push([child, depth + 1]);
      }
    }
  }
  if (cut && root && typeof root === 'object') cutRoots.add(root);
  return cut;
}
