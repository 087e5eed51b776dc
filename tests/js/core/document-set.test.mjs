// The JavaScript face of a JSON:API read: pages go into the core as text and stay there; the
// engine takes its documents from the set; Drupal's answers are classified by the core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CoreError, DocumentSet, loadCore } from '../../../js/core.mjs';

const core = await loadCore();
const example = new URL('../../../examples/northfield/', import.meta.url);
const config = JSON.parse(readFileSync(new URL('moodle-sync.json', example), 'utf8'));
config.source = { type: 'jsonapi', url: 'https://learn.northfield.example' };
const text = JSON.stringify(config);
const exportFile = (name) => readFileSync(new URL(`export/${name}`, example), 'utf8');
const files = {
  'taxonomy_term--course_categories': 'course_categories.json', 'taxonomy_term--course_templates': 'course_templates.json',
  'node--course': 'courses.json', 'user--user': 'users.json', 'taxonomy_term--groups': 'groups.json',
  'registration--course_registration': 'registrations.json',
};

function fullRead() {
  const docs = core.createDocumentSet({ text, file: 'moodle-sync.json' });
  const { queries } = core.sourceQueries({ text, mode: 'full' });
  for (const query of queries) {
    const url = `https://learn.northfield.example${query.path}?${new URLSearchParams(query.params)}`;
    let body = exportFile(files[query.type]);
    if (query.type === 'registration--course_registration') {
      // The role terms come with the registrations (include=field_role).
      const page = JSON.parse(body);
      page.included = JSON.parse(exportFile('enrolment_roles.json')).data;
      body = JSON.stringify(page);
    }
    assert.deepEqual(docs.add({ url, query, body }).ok, true, url);
  }
  return docs;
}

test('a full read: every page accepted, nothing left to read', () => {
  const docs = fullRead();
  try {
    assert.deepEqual(docs.followups(), { queries: [] });
  } finally {
    docs.delete();
  }
});

test('the engine plans from the set as from the export files', async () => {
  const docs = fullRead();
  try {
    const documents = Object.values(files).map((name) => ({ name, document: JSON.parse(exportFile(name)) }));
    documents.push({ name: 'enrolment_roles.json', document: JSON.parse(exportFile('enrolment_roles.json')) });
    const input = { text, site_url: 'https://learn.northfield.example', offline: true };
    const fromSet = await core.observe(input, () => ({ status: 0, transport_error: 'offline' }), { documents: docs });
    const fromFiles = await core.observe({ ...input, documents }, () => ({ status: 0, transport_error: 'offline' }));
    const outcomes = (plan) => plan.entities.map((e) => `${e.resource} ${e.id} ${e.outcome}`).sort();
    assert.ok(fromSet.plan.entities.length >= 25);
    assert.deepEqual(outcomes(fromSet.plan), outcomes(fromFiles.plan));
    // Each engine gets its own copy: a second run from the same set sees the same documents.
    const again = await core.observe(input, () => ({ status: 0, transport_error: 'offline' }), { documents: docs });
    assert.deepEqual(outcomes(again.plan), outcomes(fromSet.plan));
  } finally {
    docs.delete();
  }
});

test('a bad page is refused with the URL and what is wrong; the set stays usable', () => {
  const docs = core.createDocumentSet({ text });
  try {
    const [query] = core.sourceQueries({ text, mode: 'full' }).queries;
    const answer = docs.add({ url: 'https://d.example/jsonapi/x', query, body: '<html>' });
    assert.equal(answer.ok, false);
    assert.equal(answer.error.class, 'protocol');
    assert.match(answer.error.message, /^https:\/\/d\.example\/jsonapi\/x: the page is not JSON/);
  } finally {
    docs.delete();
  }
});

test('a deleted set cannot be used, nor handed to an engine', async () => {
  const docs = core.createDocumentSet({ text });
  docs.delete();
  assert.ok(docs instanceof DocumentSet);
  assert.throws(() => docs.followups(), (e) => e instanceof CoreError && /deleted/.test(e.message));
  await assert.rejects(core.runEngine({ text }, () => ({ ok: true }), { documents: docs }), /not a live DocumentSet/);
});

test('a bad configuration throws a CoreError', () => {
  assert.throws(() => core.createDocumentSet({ text: '{}' }), (e) => e instanceof CoreError && e.kind === 'config');
});

test('drupalAnswer takes the host reply as it comes (camelCase, headers in any case)', () => {
  const answer = core.drupalAnswer({ method: 'GET', url: 'https://d.example/jsonapi/node/course', status: 429, headers: { 'Retry-After': 3 }, attempt: 1 });
  assert.deepEqual(answer.retry_delay_ms, 3000);
  assert.equal(answer.error.class, 'transient');
  const down = core.drupalAnswer({ url: 'https://d.example/jsonapi', transportError: 'ECONNRESET', attempt: 9 });
  assert.equal(down.retry_delay_ms, null);
  assert.match(down.error.message, /ECONNRESET/);
});
