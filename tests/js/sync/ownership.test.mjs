// A registration is the claim on its (user, course) pair, with or without the state store: a
// sync whose journal was deleted still suspends (or unenrols) what a canceled registration asks,
// leaves an enrolment no registration claims alone, and writes nothing when nothing changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { core, entity, fullConfig, makeSite } from './harness.mjs';
import { journalPathFor, prepareRun, runSync } from '../../../js/host/sync-run.mjs';
import { MemoryStateStore } from '../../../js/host/state-store.mjs';

const REGISTRATIONS = 'registrations.json';

async function forgetState(site) {
  await rm(journalPathFor(site.exportDir), { force: true });
}

for (const [removal, expectation] of [['suspend', 'suspended'], ['unenrol', 'unenrolled']]) {
  test(`journal deleted, a registration canceled (removal: ${removal}): its enrolment is ${expectation}; a hand-made one is untouched`, async () => {
    const site = await makeSite({ config: await fullConfig((c) => { c.components.enrolments.removal = removal; }) });
    try {
      const first = await site.run();
      const french = entity(first, 'node--course', 101).moodle_id;
      const jose = entity(first, 'user--user', 21).moodle_id;
      const li = entity(first, 'user--user', 22).moodle_id;
      await site.moodle('enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: li, courseid: french }] });
      await forgetState(site);
      await site.editExport(REGISTRATIONS, (doc) => { doc.data.find((r) => r.attributes.drupal_internal__registration_id === 501).attributes.state = 'canceled'; });
      await site.run();
      const enrolled = (await site.enrolled(french)).map((u) => u.id);
      const active = (await site.enrolled(french, [{ name: 'onlyactive', value: 1 }])).map((u) => u.id);
      if (removal === 'suspend') assert.ok(enrolled.includes(jose) && !active.includes(jose), 'José is suspended');
      else assert.ok(!enrolled.includes(jose), 'José is unenrolled');
      assert.ok(active.includes(li), 'the enrolment no registration claims stays active');
      await forgetState(site);
      site.sim.resetCallLog();
      await site.run();
      assert.deepEqual(site.writeCalls(), [], 'without a journal again, nothing changed: nothing is written');
    } finally {
      await site.close();
    }
  });
}

test('journal deleted, nothing changed: the re-sync writes nothing; an enrolment suspended by hand follows Drupal again', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    const first = await site.run();
    const german = entity(first, 'node--course', 100).moodle_id;
    const anna = entity(first, 'user--user', 20).moodle_id;
    await forgetState(site);
    site.sim.resetCallLog();
    const again = await site.run();
    assert.deepEqual(site.writeCalls(), []);
    assert.equal(entity(again, 'registration--course_registration', 500).outcome, 'adopted');
    await site.moodle('enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: anna, courseid: german, suspend: 1 }] });
    await forgetState(site);
    await site.run();
    assert.ok((await site.enrolled(german, [{ name: 'onlyactive', value: 1 }])).some((u) => u.id === anna), 'active, as Drupal says');
  } finally {
    await site.close();
  }
});

test('an enrolment taken over is claimed: its registration deleted, it is removed by policy', async () => {
  const site = await makeSite({ config: await fullConfig((c) => { c.components.enrolments.removal = 'unenrol'; }) });
  try {
    const regs = await site.readExport(REGISTRATIONS);
    const r501 = regs.data.find((r) => r.attributes.drupal_internal__registration_id === 501);
    await site.editExport(REGISTRATIONS, (doc) => { doc.data = doc.data.filter((r) => r.attributes.drupal_internal__registration_id !== 501); });
    const first = await site.run();
    const jose = entity(first, 'user--user', 21).moodle_id;
    const french = entity(first, 'node--course', 101).moodle_id;
    await site.moodle('enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: jose, courseid: french }] });
    await site.editExport(REGISTRATIONS, (doc) => { doc.data.push(r501); });
    assert.equal(entity(await site.run(), 'registration--course_registration', 501).outcome, 'adopted');
    await site.editExport(REGISTRATIONS, (doc) => { doc.data = doc.data.filter((r) => r.attributes.drupal_internal__registration_id !== 501); });
    await site.run();
    assert.ok(!(await site.enrolled(french)).some((u) => u.id === jose), 'the registration claimed it: it follows the registration');
  } finally {
    await site.close();
  }
});

test('an in-memory state store serves runs as the file does: the next run neither writes nor reads the enrolments again', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    const store = new MemoryStateStore();
    const run = async () => runSync(core, { ...(await prepareRun(core, site.configFile, { env: site.env })), journal: store });
    await run();
    const kept = await store.load();
    assert.ok(kept.some((r) => r.kind === 'enrolment' && r.status === 'active' && !r.intent), 'confirmed claims are kept');
    assert.ok(!kept.some((r) => r.intent), 'no intent is left once its answer came');
    site.sim.resetCallLog();
    await run();
    assert.deepEqual(site.writeCalls(), []);
    assert.equal(site.sim.callLog.filter((c) => c.wsfunction === 'core_enrol_get_enrolled_users').length, 0, 'the claims spare the reads');
  } finally {
    await site.close();
  }
});
