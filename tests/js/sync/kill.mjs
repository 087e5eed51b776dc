// Runs killed at a chosen action: before it is performed (`onAction`) or after (`afterAction`).
export class Killed extends Error {}

/** How many actions a whole run of a fresh site makes. */
export async function countActions(newSite) {
  const site = await newSite();
  try {
    let n = 0;
    await site.run({ onAction: () => { n += 1; } });
    return n;
  } finally {
    await site.close();
  }
}

/** A run of `site` killed before or after its `k`-th action; resolves once it was. */
export async function runKilledAt(site, k, when) {
  let n = 0;
  const kill = (action) => {
    n += 1;
    if (n === k) throw new Killed(`killed ${when} action ${k} (${action.kind} ${action.wsfunction ?? ''})`);
  };
  try {
    await site.run(when === 'before' ? { onAction: kill } : { afterAction: kill });
  } catch (e) {
    if (e instanceof Killed) return;
    throw e;
  }
  throw new Error(`the run ended before action ${k}`);
}
