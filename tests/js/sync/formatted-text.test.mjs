// Formatted text holding character references: Moodle answers it with every reference it knows
// turned into its character (and the '&' of the others escaped), names with their references as
// stored. A sync after a sync finds nothing to change in any of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fullConfig, makeSite } from './harness.mjs';

/** Texts Moodle 4.5 was measured to rewrite (tests/simulator/recordings/formatted-text.jsonl). */
const TEXTS = [
  '<p>a &middot; b &nbsp; c &amp; d &lt; e &gt; f &quot; g &#8211; h &eacute; i &#x27; j &apos; k &hellip; l &euro; m &copy; n</p>',
  '<p>x &foo; y &bigstar; z &NotEqualTilde; w &Tab; v &lang;x&rang;</p>',
  '<p>&copy 2024 &notit; &eacute x &amp;middot; R&D &#60;b&#62; &#38; A&#150;B&#0;C</p>',
  '<p><a href="https://example.org/My File é.pdf?a=1&amp;b=&middot;&quot;c" title="a &quot;q&quot; &middot;">file &amp; more</a></p>',
  '<p>Caf&eacute; &ndash; tea&nbsp;&amp;&nbsp;cake<br>&#x1F600;</p>',
];
const formatted = (i) => ({ value: TEXTS[i % TEXTS.length], format: 'full_html', processed: TEXTS[i % TEXTS.length] });

async function siteWithReferences() {
  const config = await fullConfig((c) => {
    c.components.cohorts.mapping = { name: 'name', description: 'field_description | html' };
    c.components.users.mapping.description = 'field_bio | html';
  });
  const site = await makeSite({ config });
  const put = (file, edit) => site.editExport(file, (doc) => doc.data.forEach(edit));
  await put('course_categories.json', (t, i) => { t.attributes.field_description = formatted(i); t.attributes.name += ' &middot; Cat'; });
  await put('course_templates.json', (t, i) => { t.attributes.description = formatted(i + 1); });
  await put('courses.json', (n, i) => { n.attributes.body = formatted(i); n.attributes.title += ' &middot; A&amp;B'; });
  await put('groups.json', (t, i) => { t.attributes.field_description = formatted(i + 4); t.attributes.name += ' &eacute;'; });
  await put('users.json', (u, i) => { u.attributes.field_bio = formatted(i); });
  return site;
}

test('references in summaries, descriptions and names: the second sync makes no write call', async () => {
  const site = await siteWithReferences();
  try {
    const first = await site.run();
    assert.equal(first.summary.failed, 0, JSON.stringify(first.entities.filter((e) => e.error)));

    // Moodle rewrote the texts: what the next sync reads back is not what it sent.
    const course = (await site.courses()).find((c) => c.idnumber === 'course-100');
    assert.match(course.summary, /a · b \u00a0 c &amp; d/);
    assert.match(course.fullname, / &middot; A&amp;B$/, 'a name keeps its references');
    const category = (await site.categories()).find((c) => c.idnumber === 'category-1');
    assert.match(category.description, /a · b \u00a0 c/);
    const cohort = (await site.cohorts()).find((c) => c.idnumber === 'group-30');
    assert.match(cohort.description, /Café – tea\u00a0&amp;\u00a0cake<br \/>😀/);
    const [anna] = await site.users('idnumber', ['user-20']);
    assert.match(anna.description, /a · b \u00a0 c/);
    assert.ok((await site.courses()).some((c) => c.summary.includes('x &amp;foo; y &amp;bigstar;')), 'unknown references come back escaped');
    assert.ok((await site.courses()).some((c) => c.summary.includes('My%20File%20%C3%A9.pdf?a=1&amp;b=%C2%B7')), 'link targets come back percent-encoded');

    site.sim.resetCallLog();
    const second = await site.run();
    assert.equal(second.summary.failed, 0, JSON.stringify(second.entities.filter((e) => e.error)));
    assert.deepEqual(site.writeCalls().map((c) => c.wsfunction), []);
    assert.equal(second.summary.updated, 0, JSON.stringify(second.entities.filter((e) => e.outcome === 'updated').map((e) => [e.resource, e.id, e.changes])));
  } finally {
    await site.close();
  }
});

test('a changed word among references is still sent, once', async () => {
  const site = await siteWithReferences();
  try {
    await site.run();
    await site.editExport('courses.json', (doc) => {
      const body = doc.data.find((n) => n.attributes.drupal_internal__nid === 100).attributes.body;
      body.processed = body.processed.replace('&hellip; l', '&hellip; L');
    });
    site.sim.resetCallLog();
    const report = await site.run();
    assert.deepEqual(site.writeCalls().map((c) => [c.wsfunction, c.items]), [['core_course_update_courses', 1]]);
    const updated = report.entities.filter((e) => e.outcome === 'updated');
    assert.deepEqual(updated.map((e) => [e.id, Object.keys(e.changes)]), [[100, ['summary']]]);
    site.sim.resetCallLog();
    await site.run();
    assert.equal(site.writeCalls().length, 0);
  } finally {
    await site.close();
  }
});
