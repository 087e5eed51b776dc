// Ownership measured on a generated site of 390 users and 1,165 registrations: a sync killed while
// it enrols, and two syncs that overlap, must still leave every enrolment under the control of its
// registration: canceled later, it is suspended. Prints the figures it measures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSite, fullConfig } from './harness.mjs';
import { Killed } from './kill.mjs';
import { generatedPeopleExport } from '../../../examples/generated-site.mjs';

const USERS = 390;
const ENROLMENTS = 1165;

async function peopleSite() {
  const files = generatedPeopleExport({ categories: 10, courses: 100, users: USERS, cohorts: 12, enrolments: ENROLMENTS });
  const config = await fullConfig((c) => {
    delete c.components.templates;
    delete c.components.courses.template_field;
    delete c.components.completion;
    delete c.components.enrolments.registration.role_field;
  });
  return makeSite({ config, files });
}

/**
 * Cancels `count` registrations (those whose Moodle pair `pick` accepts, else spread over the
 * export); returns their (user, course) pairs in Moodle ids.
 */
async function cancel(site, count, pick = null) {
  const users = new Map((await site.readExport('users.json')).data.map((u) => [u.id, Number(u.attributes.field_moodle_id)]));
  const courses = new Map((await site.readExport('courses.json')).data.map((n) => [n.attributes.drupal_internal__nid, Number(n.attributes.field_moodle_id)]));
  const pairs = [];
  await site.editExport('registrations.json', (doc) => {
    const pairOf = (r) => [users.get(r.relationships.user_uid.data.id), courses.get(r.attributes.entity_id)];
    const chosen = pick ? doc.data.filter((r) => pick(...pairOf(r))).slice(0, count)
      : Array.from({ length: count }, (_, i) => doc.data[i * Math.floor(doc.data.length / count)]);
    for (const r of chosen) {
      r.attributes.state = 'canceled';
      pairs.push(pairOf(r));
    }
  });
  return pairs;
}

/** How many of these pairs Moodle still holds as active enrolments. */
async function stillActive(site, pairs) {
  const active = new Map();
  for (const course of new Set(pairs.map(([, c]) => c))) {
    active.set(course, new Set((await site.enrolled(course, [{ name: 'onlyactive', value: 1 }])).map((u) => u.id)));
  }
  return pairs.filter(([user, course]) => active.get(course).has(user)).length;
}

test('a sync killed while it enrols, resumed: 100 registrations canceled later are all suspended', async () => {
  const site = await peopleSite();
  try {
    let enrolCalls = 0;
    const killedBatch = new Set();
    const kill = (action) => {
      // After Moodle answered the fifth enrolment batch, before anything records it.
      if (action.wsfunction !== 'enrol_manual_enrol_users' || ++enrolCalls !== 5) return;
      for (const e of action.params.enrolments) killedBatch.add(`${e.userid}:${e.courseid}`);
      throw new Killed('killed during enrolments');
    };
    await assert.rejects(site.run({ afterAction: kill }), Killed);
    await site.run();
    // The registrations of the batch Moodle made when the kill came.
    const pairs = await cancel(site, 100, (user, course) => killedBatch.has(`${user}:${course}`));
    assert.equal(pairs.length, 100);
    await site.run();
    const active = await stillActive(site, pairs);
    console.log(`after a kill during enrolments: ${active} of ${pairs.length} canceled registrations stay active`);
    assert.equal(active, 0);
  } finally {
    await site.close();
  }
});

test('two overlapping syncs, then 200 canceled registrations: all are suspended', async () => {
  const site = await peopleSite();
  try {
    // The second sync starts once the first is into its enrolments: both read Moodle, both enrol.
    let second = null;
    const first = site.run({
      onAction: (action) => {
        if (!second && action.wsfunction === 'enrol_manual_enrol_users') second = site.run();
      },
    });
    await first;
    await second;
    const pairs = await cancel(site, 200);
    // 200 of 1,165 enrolments suspended at once is past the removal guard's 10 %: allowed on purpose.
    await site.run({ allowRemovals: true });
    const active = await stillActive(site, pairs);
    console.log(`after two overlapping syncs: ${active} of ${pairs.length} canceled registrations stay active`);
    assert.equal(active, 0);
  } finally {
    await site.close();
  }
});
