// What the real Moodle showed that the first simulator did not: formatted text comes back with its
// entities decoded by HTMLPurifier (so a summary holding &middot; looked changed on every run),
// and a (user, course) pair registered more than once must end as one enrolment, active when one
// of its registrations is. Also the shape the Registration module really exports: its id in
// drupal_internal__registration_id, its host course as plain attributes entity_type_id/entity_id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshLab, lab, moodle } from './lab.mjs';
import { readState } from './moodle-state.mjs';
import { moodleAgainstExport } from './synced-check.mjs';
import { failures, siteFolder, writeCalls } from './site-folder.mjs';

const ENTITY_TEXT = '<p>Caf&eacute; &middot; Bar&nbsp;&#8211; &quot;Grüße&quot; &amp; more &#x2014; 10&nbsp;%</p>';

test('summaries and descriptions holding HTML entities are sent once, then left alone', async () => {
  await freshLab();
  const site = await siteFolder({ moodleUrl: lab.url, token: lab.tokens.admin });
  try {
    const html = { value: ENTITY_TEXT, format: 'full_html', processed: ENTITY_TEXT };
    await site.editExport('courses.json', (doc) => { for (const n of doc.data) n.attributes.body = html; });
    await site.editExport('course_categories.json', (doc) => { for (const t of doc.data) t.attributes.field_description = html; });
    await site.editExport('course_templates.json', (doc) => { for (const t of doc.data) t.attributes.description = html; });
    await site.editExport('groups.json', (doc) => { for (const t of doc.data) t.attributes.description = html; });

    const first = await site.run('sync', { label: 'entities in summaries: first sync' });
    assert.equal(first.code, 0, failures(first.report));
    assert.deepEqual((await moodleAgainstExport(site)).differences, []);
    // Moodle answers the text with the entities decoded (except &amp;): the words are the same.
    const state = await readState(moodle, lab.url);
    assert.match(state.courses['course DE-A1'].summary, /Café · Bar\u00a0– "Grüße" &amp; more — 10\u00a0%/);

    const second = await site.run('sync', { label: 'entities in summaries: second sync' });
    assert.equal(second.code, 0, failures(second.report));
    const changed = second.report.entities.filter((e) => e.outcome === 'updated').map((e) => `${e.resource} ${e.id}: ${JSON.stringify(e.changes)}`);
    assert.deepEqual(changed, [], 'nothing looks changed');
    assert.equal(writeCalls(second.report), 0, JSON.stringify(second.report.calls.by_function));
  } finally {
    await site.remove();
  }
});

const regId = (r) => r.attributes.drupal_internal__registration_id;

/** A copy of the example's registration `id` for another pair, state and drupal id. */
function registrationLike(doc, id, { drupalId, state, userOf }) {
  const copy = structuredClone(doc.data.find((r) => regId(r) === id));
  copy.id = `${copy.id.slice(0, -4)}${String(drupalId).slice(-4).padStart(4, '0')}`;
  copy.attributes.drupal_internal__registration_id = drupalId;
  copy.attributes.state = state;
  if (userOf) copy.relationships.user_uid = structuredClone(doc.data.find((r) => regId(r) === userOf).relationships.user_uid);
  return copy;
}

test('a (user, course) pair registered more than once is one enrolment, active while one registration is', async () => {
  await freshLab();
  const site = await siteFolder({ moodleUrl: lab.url, token: lab.tokens.admin });
  try {
    // Whichever registration of a pair comes first, one active registration makes the enrolment
    // active: Anna (500, complete in DE-A1) registers again and cancels, the canceled one listed
    // first; Max (504, canceled in DE-A1) registers again for real, listed after; Li Wei (502,
    // teacher in DE-A1) also registers as a student and cancels that: a canceled registration adds
    // no role beside an active one.
    await site.editExport('registrations.json', (doc) => {
      doc.data.unshift(registrationLike(doc, 500, { drupalId: 510, state: 'canceled' }));
      doc.data.push(registrationLike(doc, 504, { drupalId: 511, state: 'complete' }));
      doc.data.push(registrationLike(doc, 500, { drupalId: 512, state: 'canceled', userOf: 502 }));
    });
    const first = await site.run('sync', { label: 'repeated registrations: first sync' });
    assert.equal(first.code, 0, failures(first.report));
    const state = await readState(moodle, lab.url);
    assert.deepEqual(state.enrolments['enrolment DE-A1 / anna.schmidt'], { roles: [5], status: 'active' });
    assert.deepEqual(state.enrolments['enrolment DE-A1 / former.student'], { roles: [5], status: 'active' });
    assert.deepEqual(state.enrolments['enrolment DE-A1 / li.wei'], { roles: [3], status: 'active' });
    assert.deepEqual((await moodleAgainstExport(site)).differences, []);

    const second = await site.run('sync', { label: 'repeated registrations: second sync' });
    assert.equal(second.code, 0, failures(second.report));
    assert.equal(writeCalls(second.report), 0, JSON.stringify(second.report.calls.by_function));

    // Both of Anna's registrations canceled: now (and only now) her enrolment is suspended.
    await site.editExport('registrations.json', (doc) => {
      doc.data.find((r) => regId(r) === 500).attributes.state = 'canceled';
    });
    const third = await site.run('sync', { label: 'repeated registrations: third sync' });
    assert.equal(third.code, 0, failures(third.report));
    const after = await readState(moodle, lab.url);
    assert.deepEqual(after.enrolments['enrolment DE-A1 / anna.schmidt'], { roles: [5], status: 'suspended' });
    assert.deepEqual(after.enrolments['enrolment DE-A1 / former.student'], { roles: [5], status: 'active' });
  } finally {
    await site.remove();
  }
});

test('registrations in the Registration module\'s own shape enrol their users', async () => {
  await freshLab();
  const site = await siteFolder({ moodleUrl: lab.url, token: lab.tokens.admin });
  try {
    // The bundled example has that shape: the id key drupal_internal__registration_id, the host
    // course as the plain attributes entity_type_id and entity_id.
    const regs = await site.readExport('registrations.json');
    for (const r of regs.data) {
      assert.equal(r.attributes.entity_type_id, 'node');
      assert.equal(typeof r.attributes.entity_id, 'number');
      assert.equal(typeof regId(r), 'number');
      assert.equal(r.relationships.entity_id, undefined);
    }
    const sync = await site.run('sync', { label: 'Registration module shape: sync' });
    assert.equal(sync.code, 0, failures(sync.report));
    const { differences, expected } = await moodleAgainstExport(site);
    assert.equal(Object.keys(expected.enrolments).length, 5);
    assert.deepEqual(differences, []);
  } finally {
    await site.remove();
  }
});
