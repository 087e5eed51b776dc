// A people sync (users, cohorts, members, enrolments) killed before or after any action, then run
// again: no duplicate account or cohort, no moodle id lost, the members right, and no enrolment
// beyond moodle-sync's control: every registration canceled afterwards suspends its enrolment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countActions, runKilledAt } from './kill.mjs';
import { fullConfig, makeSite } from './harness.mjs';

const peopleSite = async () => makeSite({ config: await fullConfig() });

async function assertPeopleSyncedOnce(site, label) {
  const users = await site.readExport('users.json');
  const synced = users.data.filter((u) => u.attributes.field_moodle_id !== 'ignore' && u.attributes.field_moodle_id !== '');
  const accounts = await site.users('idnumber', users.data.map((u) => `user-${u.attributes.drupal_internal__uid}`));
  assert.equal(accounts.length, new Set(accounts.map((a) => a.idnumber)).size, `${label}: no account twice`);
  for (const u of synced) {
    const account = accounts.find((a) => a.idnumber === `user-${u.attributes.drupal_internal__uid}`);
    assert.equal(u.attributes.field_moodle_id, String(account?.id), `${label}: user ${u.attributes.drupal_internal__uid} has its moodle id`);
  }
  const cohorts = (await site.cohorts()).filter((c) => c.idnumber.startsWith('group-'));
  assert.equal(cohorts.length, new Set(cohorts.map((c) => c.idnumber)).size, `${label}: no cohort twice`);
  const terms = await site.readExport('groups.json');
  for (const t of terms.data) {
    const cohort = cohorts.find((c) => c.idnumber === `group-${t.attributes.drupal_internal__tid}`);
    assert.equal(t.attributes.field_moodle_id, String(cohort?.id), `${label}: group ${t.attributes.drupal_internal__tid} has its moodle id`);
  }
}

/** Cancels every registration, syncs, and returns the registrations' enrolments still active. */
async function activeAfterCancelingAll(site) {
  const users = new Map((await site.readExport('users.json')).data.map((u) => [u.id, Number(u.attributes.field_moodle_id)]));
  const courses = new Map((await site.readExport('courses.json')).data.map((n) => [n.attributes.drupal_internal__nid, Number(n.attributes.field_moodle_id)]));
  const pairs = [];
  await site.editExport('registrations.json', (doc) => {
    for (const r of doc.data) {
      r.attributes.state = 'canceled';
      pairs.push([users.get(r.relationships.user_uid.data.id), courses.get(r.attributes.entity_id)]);
    }
  });
  const report = await site.run();
  assert.equal(report.summary.failed, 0, JSON.stringify(report.entities.filter((e) => e.error)));
  const still = [];
  for (const [user, course] of pairs) {
    if ((await site.enrolled(course, [{ name: 'onlyactive', value: 1 }])).some((u) => u.id === user)) still.push(`${user}:${course}`);
  }
  return still;
}

const total = await countActions(peopleSite);

for (const when of ['before', 'after']) {
  test(`people sync killed ${when} each of its ${total} actions, then resumed: nothing twice, nothing lost, nothing unmanageable`, async () => {
    for (let k = 1; k <= total; k += 1) {
      const site = await peopleSite();
      const label = `kill ${when} ${k}`;
      try {
        await runKilledAt(site, k, when);
        const report = await site.run();
        assert.equal(report.summary.failed, 0, `${label}: ${JSON.stringify(report.entities.filter((e) => e.error).map((e) => e.error))}`);
        await assertPeopleSyncedOnce(site, label);
        site.sim.resetCallLog();
        await site.run();
        const people = site.writeCalls().map((c) => c.wsfunction).filter((f) => /^core_(user|cohort|role)_|^enrol_/.test(f));
        assert.deepEqual(people, [], `${label}: a third run has nothing to do for people`);
        assert.deepEqual(await activeAfterCancelingAll(site), [], `${label}: every canceled registration suspends its enrolment`);
      } finally {
        await site.close();
      }
    }
  });
}
