// Reads Drupal into a core document set: each query's pages in turn (following `links.next`),
// several queries at once (source.parallel_reads), then the follow-up reads the set asks for until
// it asks for none. Pages go straight into the set: nothing of them is kept here.
import { DrupalError, exchange } from './exchange.mjs';

/** Followed-up rounds at most: each round reads what the previous one referenced. */
const MAX_FOLLOWUP_ROUNDS = 50;

export function queryTarget(query) {
  const params = new URLSearchParams(query.params ?? []).toString();
  return params ? `${query.path}?${params}` : query.path;
}

async function readChain({ core, client, docs, wait, retries, stopped }, query) {
  let target = queryTarget(query);
  const entity = { label: `the ${query.type} collection` };
  while (target && !stopped()) {
    const got = await exchange(core, client, 'GET', target, { entity, wait, retries });
    if (!got.ok) throw new DrupalError(got.error);
    const added = docs.add({ url: got.answer.url, query, body: got.answer.body, date: got.answer.headers?.date });
    if (!added.ok) throw new DrupalError(added.error);
    target = added.next;
  }
}

/** Runs the queries with at most `parallel` of them reading at once; the first failure stops the rest. */
async function readAll(context, queries, parallel) {
  let next = 0;
  let failure = null;
  const ctx = { ...context, stopped: () => failure !== null };
  const worker = async () => {
    while (failure === null && next < queries.length) {
      const query = queries[next];
      next += 1;
      try {
        await readChain(ctx, query);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, queries.length) }, worker));
  if (failure) throw failure;
}

/**
 * Reads `queries` and then every follow-up into `docs`. Throws a DrupalError naming the URL and
 * what was being read when Drupal's answer ends the read.
 */
export async function readIntoSet({ core, client, docs, queries, parallel = 4, retries = 3, wait }) {
  const context = { core, client, docs, wait, retries };
  await readAll(context, queries, parallel);
  for (let round = 0; ; round += 1) {
    const { queries: more } = docs.followups();
    if (!more.length) return;
    if (round >= MAX_FOLLOWUP_ROUNDS) {
      throw new DrupalError({ class: 'protocol', message: `the reads of references did not end after ${MAX_FOLLOWUP_ROUNDS} rounds (last: ${client.url}${queryTarget(more[0])})` });
    }
    await readAll(context, more, parallel);
  }
}
