// The reads of one event window: the events' entities by uuid and what depends on them (the core's
// event_reads), the individual reads that prove a deleted entity gone (a JSON:API 404, judged by the
// core in DocumentSet.addGone), and the re-reads of an entity Drupal has not committed yet (the
// core's event_settle says which, and how long to wait). Only I/O here.
import { queryTarget, readIntoSet } from '../source/jsonapi/reader.mjs';
import { DrupalError } from '../source/jsonapi/exchange.mjs';
import { coreValue } from './http.mjs';

// A client that notes which resources its answers held, so that the core can be told which of
// the events' entities were found.
function notingClient(client, noted) {
  const note = (resource) => {
    if (resource && typeof resource.type === 'string' && typeof resource.id === 'string') noted.add(`${resource.type}\n${resource.id}`);
  };
  return {
    ...client,
    async request(method, target, options) {
      const answer = await client.request(method, target, options);
      if (method === 'GET' && answer.status === 200) {
        try {
          const doc = JSON.parse(answer.body);
          for (const resource of [].concat(doc.data ?? [], doc.included ?? [])) note(resource);
        } catch { /* not JSON: the core reports it when the page is added */ }
      }
      return answer;
    },
  };
}

function foundOf(events, noted) {
  const found = {};
  for (const { type, uuid } of events) {
    if (noted.has(`${type}\n${uuid}`)) (found[type] ??= []).includes(uuid) || found[type].push(uuid);
  }
  return found;
}

/**
 * Reads the window's `events` into a new document set (the caller deletes it). Resolves to
 * {documents, missing: [{type, uuid, op, message}], not_gone: [{type, uuid, error}]}.
 */
export async function readEvents({ core, prepared, records, events, sleep }) {
  const { config, source } = prepared;
  const { text, file } = config;
  const settings = config.settings.source;
  const plan = coreValue(core, 'event_reads', { text, file, events, journal: records });
  await source.verifyAccount();
  const documents = core.createDocumentSet({ text, file, journal: records });
  try {
    const noted = new Set();
    const client = notingClient(source.client, noted);
    const read = (queries) => readIntoSet({ core, client, docs: documents, queries, parallel: settings.parallel_reads, retries: settings.retries, wait: sleep });
    await read(plan.queries);
    let missing = [];
    for (let attempt = 1; ; attempt += 1) {
      const settle = coreValue(core, 'event_settle', { text, file, events, found: foundOf(events, noted), attempt });
      missing = settle.missing ?? [];
      if (!settle.retry) break;
      await sleep(settle.retry.delay_ms);
      // A re-read asks queries already read: named by its attempt, each is a chain of pages of its
      // own, not the first chain coming back to a page (which the document set takes for a loop).
      await read(settle.retry.queries.map((query) => ({ ...query, reread: attempt })));
    }
    const notGone = [];
    for (const check of plan.gone_checks ?? []) {
      const answer = await source.client.request('GET', check.path);
      if (answer.refused) throw new DrupalError({ class: 'protocol', message: answer.refused });
      // The event's Drupal id names the Moodle object only if Drupal shows no entity has that id:
      // the core asks for that read (id_check) and judges both answers.
      let idAnswer;
      if (check.id_check) {
        const got = await source.client.request('GET', queryTarget(check.id_check));
        if (!got.refused) idAnswer = { status: got.status, body: got.body ?? '', content_type: got.contentType ?? '' };
      }
      const judged = documents.addGone({
        type: check.type, uuid: check.uuid, id: check.id, url: answer.url, status: answer.status, body: answer.body ?? '', contentType: answer.contentType ?? '',
        ...(idAnswer ? { idAnswer } : {}),
      });
      if (!judged.gone) notGone.push({ type: check.type, uuid: check.uuid, error: judged.error ?? `answered ${answer.status}` });
    }
    return { documents, missing, not_gone: notGone };
  } catch (e) {
    documents.delete();
    throw e;
  }
}
