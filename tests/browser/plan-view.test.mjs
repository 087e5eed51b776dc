// The plan view in Chromium: a real plan of the example site against the simulator (an update, a
// failure with its field, a skip and ignores) and 25,000 synthetic entities. The chart shows the
// digest's counts, the filters narrow the rows, a row opens to its changes, calls and error, the
// keyboard drives the grid, and only the rows in view are in the DOM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumAvailable, launchBrowser, serveRepository, CHROMIUM } from './browser.mjs';
import { core, makeSite, fullConfig } from '../js/sync/harness.mjs';
import { syntheticPlan } from './synthetic-plan.mjs';

const skip = !chromiumAvailable && !process.env.CI && `no browser at ${CHROMIUM}`;
const LONG_TITLE = ` (new title) ${'with a very long subtitle '.repeat(6)}`.trimEnd();

let site;
let browser;
let plan;
let digest;

/** The example synced once, then edited: a course retitled, a user's mail broken (its enrolment is held back). */
async function realPlan() {
  const sim = await makeSite({ config: await fullConfig() });
  try {
    await sim.run();
    await sim.editExport('courses.json', (doc) => { doc.data[0].attributes.title += LONG_TITLE; });
    await sim.editExport('users.json', (doc) => { doc.data[1].attributes.mail = 'not an email'; });
    return await sim.run({ dryRun: true });
  } finally {
    await sim.close();
  }
}

function digestOf(report) {
  const answer = core.call('digest_report', { report, verbose: false });
  assert.ok(answer.ok, JSON.stringify(answer.error));
  return answer.value;
}

async function openPage({ width = 1280, height = 900 } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto(`${site.url}/tests/browser/plan-view.html`);
  await page.waitForFunction(() => window.planViewReady === true);
  return { page, problems };
}

const keysShown = (page) => page.$$eval('#plan-table [role="row"][data-key]', (rows) => rows.map((r) => r.dataset.key));
const rowCount = (page) => page.textContent('#row-count');
/** Waits until the rows in the table are those of `keys` (the search is debounced). */
const waitForKeys = (page, keys) => page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('#plan-table [role="row"][data-key]')]
  .map((r) => r.dataset.key)) === JSON.stringify(want), keys);
const keyOf = (e) => `${e.entity.type}/${e.entity.uuid}`;

before(async () => {
  if (skip) return;
  plan = await realPlan();
  digest = digestOf(plan);
  site = await serveRepository();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test('the chart shows the digest\'s counts per component and outcome, and the calls by function', { skip }, async () => {
  const { page, problems } = await openPage();
  await page.evaluate(([p, d]) => window.showPlan(p, d), [plan, digest]);
  const segments = await page.$$eval('#summary .pv-segment', (els) => els.map((e) => ({ ...e.dataset })));
  const expected = digest.summary.flatMap((c) => Object.entries(c.outcomes).filter(([, n]) => n > 0)
    .map(([outcome, n]) => ({ component: c.component, outcome, count: String(n) })));
  const order = (list) => [...list].sort((a, b) => `${a.component}/${a.outcome}`.localeCompare(`${b.component}/${b.outcome}`));
  assert.deepEqual(order(segments), order(expected));
  assert.ok(expected.some((s) => s.outcome === 'failed') && expected.some((s) => s.outcome === 'updated'));

  // The text alternative holds the same numbers for screen readers.
  const hidden = await page.$$eval('#summary-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const heads = await page.$$eval('#summary-table thead th', (ths) => ths.map((th) => th.textContent));
  for (const c of digest.summary) {
    const row = hidden.find((r) => r[0] === c.component);
    assert.ok(row, c.component);
    assert.equal(row.at(-1), String(c.total));
    for (const [outcome, n] of Object.entries(c.outcomes)) assert.equal(row[heads.indexOf(outcome)], String(n), `${c.component} ${outcome}`);
  }

  // Calls by function: the planned requests when the digest has them, else the entities per function.
  const calls = await page.$$eval('#calls-by-function tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  if (digest.planned_calls) {
    assert.deepEqual(calls, Object.entries(digest.planned_calls.by_function).map(([fn, v]) => [fn, String(v.requests), String(v.items)]));
  } else {
    const counts = {};
    for (const e of plan.entities) for (const fn of e.calls) counts[fn] = (counts[fn] ?? 0) + 1;
    assert.deepEqual(calls, Object.entries(counts).map(([fn, n]) => [fn, '—', String(n)]));
    assert.match(await page.textContent('#calls-by-function caption'), /Entities per function/);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('the filters narrow the rows and the row count follows', { skip }, async () => {
  const { page, problems } = await openPage();
  await page.evaluate(([p, d]) => window.showPlan(p, d), [plan, digest]);
  const total = plan.entities.length;
  assert.equal(await rowCount(page), `${total} of ${total}`);
  const shown = await keysShown(page);
  assert.ok(shown.length >= 10, `${shown.length} rows rendered`);
  assert.deepEqual(shown, plan.entities.map(keyOf).slice(0, shown.length), 'the rows in view, in plan order');

  await page.selectOption('#filter-component', 'courses');
  const courses = plan.entities.filter((e) => e.component === 'courses');
  assert.equal(await rowCount(page), `${courses.length} of ${total}`);
  assert.deepEqual(await keysShown(page), courses.map(keyOf));

  await page.selectOption('#filter-outcome', 'updated');
  const updated = courses.filter((e) => e.outcome === 'updated');
  assert.equal(updated.length, 1);
  assert.deepEqual(await keysShown(page), updated.map(keyOf));

  await page.selectOption('#filter-component', '');
  await page.selectOption('#filter-outcome', 'failed');
  const failed = plan.entities.filter((e) => e.outcome === 'failed');
  assert.equal(failed.length, 1);
  assert.deepEqual(await keysShown(page), failed.map(keyOf));
  assert.equal(await rowCount(page), `1 of ${total}`);

  // The text search looks at error texts, field names, values and uuids (debounced).
  await page.selectOption('#filter-outcome', '');
  for (const [text, pick] of [
    ['not an email', (e) => e.outcome === 'failed' || e.outcome === 'skipped'],
    ['fullname', (e) => e.outcome === 'updated' && e.component === 'courses'],
    ['very long subtitle', (e) => e.outcome === 'updated' && e.component === 'courses'],
    [plan.entities[3].entity.uuid.toUpperCase(), (e) => e === plan.entities[3]],
  ]) {
    const want = plan.entities.filter(pick);
    await page.fill('#filter-text', text);
    await waitForKeys(page, want.map(keyOf));
    assert.equal(await rowCount(page), `${want.length} of ${total}`, text);
  }
  // A column heading sorts the rows for display (twice: the other way round).
  await page.fill('#filter-text', '');
  await page.click('#plan-table [role="columnheader"][data-column="changed"] button');
  await page.click('#plan-table [role="columnheader"][data-column="changed"] button');
  assert.equal(await page.getAttribute('#plan-table [role="columnheader"][data-column="changed"]', 'aria-sort'), 'descending');
  await page.waitForFunction((key) => document.querySelector('#plan-table [role="row"][data-key]')?.dataset.key === key,
    keyOf(plan.entities.find((e) => e.outcome === 'updated' && e.component === 'courses')));
  assert.equal(await rowCount(page), `${total} of ${total}`);

  await page.fill('#filter-text', 'no entity has this text');
  await page.waitForFunction(() => document.querySelector('#row-count').textContent.startsWith('0 of'));
  assert.equal(await page.isVisible('#plan-table .pv-empty'), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a row opens to its changes old -> new, its Moodle calls, and its error with the field', { skip }, async () => {
  const { page, problems } = await openPage();
  await page.evaluate(([p, d]) => window.showPlan(p, d), [plan, digest]);
  assert.equal(await page.isVisible('#row-details'), false);

  const course = plan.entities.find((e) => e.component === 'courses' && e.outcome === 'updated');
  await page.click(`#plan-table [role="row"][data-key="${keyOf(course)}"]`);
  assert.equal(await page.getAttribute('#row-details', 'data-key'), keyOf(course));
  const change = await page.$eval('#row-details tr[data-field="fullname"]', (tr) => ({
    old: tr.querySelector('.pv-old').textContent, new: tr.querySelector('.pv-new').innerText,
  }));
  assert.equal(change.old, JSON.stringify(course.changes.fullname.old));
  // The new title is long: it is folded, and its whole value is there when unfolded.
  assert.ok(change.new.includes('…'), change.new);
  await page.click('#row-details tr[data-field="fullname"] .pv-new summary');
  assert.ok((await page.innerText('#row-details tr[data-field="fullname"] .pv-new pre')).includes(JSON.stringify(course.changes.fullname.new)));
  assert.deepEqual(await page.$$eval('#row-details .pv-entity-calls li', (lis) => lis.map((li) => li.textContent)), course.calls);
  const facts = await page.textContent('#row-details .pv-facts');
  for (const value of [course.entity.uuid, course.idnumber, String(course.moodle_id), course.entity.type]) assert.ok(facts.includes(value), value);

  const user = plan.entities.find((e) => e.outcome === 'failed');
  await page.click(`#plan-table [role="row"][data-key="${keyOf(user)}"]`);
  assert.equal(await page.textContent('#row-details .pv-error-field'), 'email');
  const error = await page.textContent('#row-details .pv-entity-error');
  assert.ok(error.includes(user.error.class) && error.includes(user.error.message), error);
  assert.equal(await page.textContent('#row-details .pv-entity-calls .pv-none'), 'It takes part in no Moodle call.');

  const skipped = plan.entities.find((e) => e.outcome === 'skipped');
  await page.click(`#plan-table [role="row"][data-key="${keyOf(skipped)}"]`);
  assert.equal(await page.textContent('#row-details .pv-reason'), skipped.note);

  await page.click('#row-details .pv-close');
  assert.equal(await page.isVisible('#row-details'), false);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the keyboard moves the active row, opens it with Enter or Space and closes it with Escape', { skip }, async () => {
  const { page, problems } = await openPage();
  await page.evaluate(([p, d]) => window.showPlan(p, d), [plan, digest]);
  const keys = plan.entities.map(keyOf);
  const active = () => page.$eval('#plan-table', (g) => document.getElementById(g.getAttribute('aria-activedescendant'))?.dataset.key);

  await page.focus('#plan-table');
  assert.equal(await active(), keys[0]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await active(), keys[2]);
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#row-details', 'data-key'), keys[2]);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'plan-table');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.getAttribute('#row-details', 'data-key'), keys[1], 'open details follow the active row');
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('#row-details'), false);

  await page.keyboard.press('End');
  assert.equal(await active(), keys.at(-1));
  await page.keyboard.press(' ');
  assert.equal(await page.getAttribute('#row-details', 'data-key'), keys.at(-1));
  await page.keyboard.press('Home');
  assert.equal(await active(), keys[0]);
  await page.keyboard.press('PageDown');
  assert.ok(keys.indexOf(await active()) > 1);

  // A row itself takes the focus too: it becomes the active row, and the focus moves with the keys.
  await page.focus(`#plan-table [role="row"][data-key="${keys[4]}"]`);
  assert.equal(await active(), keys[4]);
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.key), keys[5]);
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#row-details', 'data-key'), keys[5]);
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.key), keys.at(-1));
  assert.deepEqual(problems, []);
  await page.close();
});

test('25,000 entities: only the rows in view are in the DOM, and scrolling reaches the last one', { skip }, async () => {
  const n = 25000;
  const synthetic = syntheticPlan(n);
  const syntheticDigest = digestOf(synthetic);
  const { page, problems } = await openPage();
  const { ms } = await page.evaluate(([count, d]) => window.showSyntheticPlan(count, d), [n, syntheticDigest]);
  assert.equal(await rowCount(page), `${n} of ${n}`);
  const first = await keysShown(page);
  assert.ok(first.length > 5 && first.length < 200, `${first.length} rows in the DOM`);
  assert.equal(first[0], keyOf(synthetic.entities[0]));

  const scroll = await page.evaluate(() => window.scrollThrough(60));
  const last = await keysShown(page);
  assert.ok(last.length < 200, `${last.length} rows in the DOM`);
  assert.equal(last.at(-1), keyOf(synthetic.entities.at(-1)));
  assert.equal(await page.isVisible(`#plan-table [role="row"][data-key="${keyOf(synthetic.entities.at(-1))}"]`), true);

  // A focused row scrolled away hands the focus to the grid, and the keys bring the view back to it.
  await page.evaluate(() => { document.querySelector('#plan-table .pv-viewport').scrollTop = 0; });
  await page.waitForFunction((key) => document.querySelector(`#plan-table [role="row"][data-key="${key}"]`), keyOf(synthetic.entities[2]));
  await page.focus(`#plan-table [role="row"][data-key="${keyOf(synthetic.entities[2])}"]`);
  await page.evaluate(() => { document.querySelector('#plan-table .pv-viewport').scrollTop = 400000; });
  await page.waitForFunction(() => document.activeElement.id === 'plan-table');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.$eval('#plan-table', (g) => document.getElementById(g.getAttribute('aria-activedescendant'))?.dataset.key), keyOf(synthetic.entities[3]));
  assert.equal(await page.isVisible(`#plan-table [role="row"][data-key="${keyOf(synthetic.entities[3])}"]`), true);

  // The chart of 25,000 still has the digest's counts.
  const users = await page.$$eval('#summary .pv-segment[data-component="users"]', (els) => Object.fromEntries(els.map((e) => [e.dataset.outcome, Number(e.dataset.count)])));
  assert.deepEqual(users, syntheticDigest.summary.find((c) => c.component === 'users').outcomes);

  // A search over all of them, then the keyboard to the end of what it found.
  const searchStart = Date.now();
  await page.fill('#filter-text', 'email');
  await page.waitForFunction((want) => document.querySelector('#row-count').textContent === want,
    `${synthetic.entities.filter((e) => e.error || e.note?.includes('email')).length} of ${n}`);
  const searchMs = Date.now() - searchStart;
  await page.focus('#plan-table');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  const failed = synthetic.entities.filter((e) => e.error);
  assert.equal(await page.getAttribute('#row-details', 'data-key'), keyOf(failed.at(-1)));
  assert.ok((await keysShown(page)).length < 200);
  assert.deepEqual(problems, []);
  const figure = `plan view of ${n} entities: rendered in ${ms.toFixed(1)} ms (to the next frame); scrolling ${scroll.mean.toFixed(1)} ms per frame (worst ${scroll.worst.toFixed(1)} ms, ${scroll.longTasks} tasks over 50 ms); text search shown in ${searchMs} ms (incl. the ${150} ms debounce)`;
  console.log(figure);
  await page.close();
});

test('at 640 px wide (200 % zoom of a 1280 px window) nothing overflows sideways', { skip }, async () => {
  const { page, problems } = await openPage({ width: 640, height: 800 });
  await page.evaluate(([p, d]) => window.showPlan(p, d), [plan, digest]);
  await page.click(`#plan-table [role="row"][data-key="${keyOf(plan.entities.find((e) => e.outcome === 'failed'))}"]`);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(widths.scroll <= widths.client, JSON.stringify(widths));
  assert.equal(await page.isVisible('#row-details .pv-error-field'), true);
  assert.deepEqual(problems, []);
  await page.close();
});
