// Records how a real Moodle 4.5 answers formatted text holding character references (summaries,
// category, cohort and user descriptions) and names holding them, in the transcript format of the
// Moodle 4.5 recordings, so that the conformance suite replays it against the simulator.
//
//   . LAB/env.sh   # a fresh lab of /work/shared/real-moodle (MOODLE_URL, MOODLE_TOKEN)
//   node tests/simulator/recordings/record-formatted-text.mjs > tests/simulator/recordings/formatted-text.jsonl
//
// Before recording, throwaway objects push each table's ids into its own range (courses from 300,
// categories from 400, cohorts from 500, users from 600): the replay learns ids by value, so a
// course id must never equal a category id, nor a number written in a recorded text.
import { encodeForm } from '../../js/simulator/conformance/replay-request.mjs';

const URL_PATH = '/webservice/rest/server.php';
const { MOODLE_URL, MOODLE_TOKEN } = process.env;
if (!MOODLE_URL || !MOODLE_TOKEN) {
  console.error('MOODLE_URL and MOODLE_TOKEN must be set (source the lab\'s env.sh)');
  process.exit(2);
}

const MEASURED_SUMMARY = '<p>a &middot; b &nbsp; c &amp; d &lt; e &gt; f &quot; g &#8211; h &eacute; i &#x27; j &apos; k &hellip; l &euro; m &copy; n</p>';

/** Course summaries: [case, about, summary, summaryformat, fullname]. */
const COURSES = [
  ['course_summary_measured_example', 'Named and numeric references in a summary come back as characters except &amp; &lt; &gt;; the fullname keeps its references (format_string).',
    MEASURED_SUMMARY, 1, 'a &middot; b &amp; c &eacute;'],
  ['course_summary_unknown_references', 'A reference Moodle does not know (&foo;, and the HTML5-only &bigstar; &NotEqualTilde; &Tab;) comes back with its & escaped.',
    '<p>x &foo; y &bigstar; z &NotEqualTilde; w &Tab; v</p>', 1],
  ['course_summary_html4_values', 'HTML 4 values, not HTML5 ones: &lang; and &rang; come back as U+2329 and U+232A.',
    '<p>&lang;x&rang; &apos;y&apos;</p>', 1],
  ['course_summary_attribute_references', 'References inside attribute values: decoded, then & < > " escaped again; a link target is cut at a quote and percent-encoded.',
    '<p><a href="https://example.org/?a=1&amp;b=2&quot;c" title="a &quot;q&quot; &amp; &middot; &lt;x&gt; \'y\'">link &amp; text</a> <img src="https://example.org/i.png?x=1&amp;y=&middot;z&copy=3" alt="a &middot; &quot;b&quot;"></p>', 1],
  ['course_summary_numeric_specials', '&#60; &#62; &#38; come back as &lt; &gt; &amp;, decoded once only.',
    '<p>&#60;b&#62; &#38; &#38;amp; &#x3C;</p>', 1],
  ['course_summary_legacy_without_semicolon', 'A legacy name without its ";" (&copy 2024) is not decoded: its & is escaped.',
    '<p>&copy 2024 &notit; &eacute x &AMP</p>', 1],
  ['course_summary_escaped_references', 'An escaped reference (&amp;middot;) stays escaped: Moodle decodes once.',
    '<p>&amp;middot; &amp;lt;b&amp;gt; &amp;bigstar;</p>', 1],
  ['course_summary_numeric_edges', 'Numeric references the way libxml2 reads them: C1 values kept, values XML forbids dropped, "&#" without digits dropped, ";" optional.',
    '<p>A&#150;B&#0;C&#xD800;D&#1114112;E&#8211 F&#x27 G&#B H&#x;I&#12a;J&#127;K&#xFFFE;L</p>', 1],
  ['course_summary_bare_ampersands', 'Ampersands that start no reference come back escaped.',
    '<p>R&D &amp & ; AT&T &;</p>', 1],
  ['course_summary_link_targets', 'Link targets: scheme lower-cased, outer spaces trimmed, spaces and non-ASCII percent-encoded, unreserved percent-escapes decoded.',
    '<p><a href="HTTPS://Example.ORG/My File é.pdf?q=a b&amp;r=%7e%41%zz%2f|{}#f g">x</a> <a href="  /rel path  ">y</a></p>', 1],
  ['course_summary_raw_brackets', 'A < or > that opens no tag is escaped.',
    '<p>a < b > c &lt;d</p>', 1],
  ['course_summary_no_tags', 'A summary without any tag is cleaned too when it holds a "&".',
    'a &middot; b &amp; c', 1],
  ['course_summary_format_moodle', 'FORMAT_MOODLE (0): the same decoding after new lines become <br />.',
    'a &middot; b &amp; c < d &foo; "e" \'f\' &#8211; &nbsp;g', 0],
  ['course_summary_format_plain', 'FORMAT_PLAIN (2): everything escaped except numeric references.',
    'a &middot; b &amp; c < d &foo; "e" \'f\' &#8211; &nbsp;g', 2],
  ['course_summary_format_plain_lines', 'FORMAT_PLAIN (2): nl2br keeps each line break after its <br />; two spaces become "&nbsp; ".',
    'line one\nline  two\r\nthree   four', 2],
  ['course_summary_format_moodle_lines', 'FORMAT_MOODLE (0): text_to_html drops white space between tags and turns the other line breaks into <br />.',
    '<p>a</p>\n<p>b &middot;\nc</p>\nd  e', 0],
  ['course_summary_control_characters', 'Control characters, DEL, C1 and the BOM disappear when the text is purified (it holds a "&")...',
    '<p>x\u0085y\u007fz\u0001w\ufeffv &amp;</p>', 1],
  ['course_summary_control_characters_unpurified', '... and stay when it is not (only p, em, strong, br and nothing to escape).',
    '<p>x\u0085y\u007fz\u0001w\ufeffv</p>', 1],
  ['course_summary_empty_elements', 'Empty elements are written <br />, <hr />, <img ... />; tag names lower-cased.',
    '<p>a<br>b<BR/>c</p><hr><img src="https://example.org/a b.png" alt="x">', 1],
  ['course_summary_attribute_quoting', 'Attribute values come back double-quoted, names lower-cased, references decoded.',
    '<P CLASS=\'x\'>a &amp; b</P><a href=\'https://example.org/a?b=1&amp;c=2\' title=\'it&apos;s\'>q</a>', 1],
  ['course_summary_link_authority', 'Link targets: http(s) drop user info and the default port; "http:" without a host drops its scheme; fragments and relative paths are encoded.',
    '<p><a href="https://user:pw@example.org:443/x">a</a> <a href="http://example.org:8080/y">b</a> <a href="mailto:someone@example.org?subject=Hi there">c</a> <a href="http:foo">d</a> <a href="#sec 1">e</a> <a href="rel/a b:c">f</a></p>', 1],
  ['course_summary_whitespace_references', 'References to tab, LF and CR, and to characters beyond the BMP, are decoded.',
    '<p>a&#10;b&#13;c&#9;d &#x1F600; &#128512;</p>', 1],
];

function record(caseName, about, params, response, stateAfter) {
  const body = `wstoken=TOKEN&wsfunction=${params.wsfunction}&moodlewsrestformat=json&${encodeForm(params.args)}`;
  const line = {
    case: caseName,
    about,
    request: {
      method: 'POST', url_path: URL_PATH, content_type: 'application/x-www-form-urlencoded', body,
      params: { wstoken: 'TOKEN', wsfunction: params.wsfunction, moodlewsrestformat: 'json', ...params.args },
    },
    response,
  };
  if (stateAfter) line.state_after = stateAfter;
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function call(wsfunction, args) {
  const body = `wstoken=${MOODLE_TOKEN}&wsfunction=${wsfunction}&moodlewsrestformat=json&${encodeForm(args)}`;
  const res = await fetch(MOODLE_URL + URL_PATH, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  const text = await res.text();
  const headers = {};
  for (const key of ['access-control-allow-origin', 'content-type']) if (res.headers.has(key)) headers[key] = res.headers.get(key);
  const json = JSON.parse(text);
  return { status: res.status, headers, body: text, json };
}

async function expectOk(wsfunction, args) {
  const res = await call(wsfunction, args);
  if (res.json && res.json.exception) throw new Error(`${wsfunction}: ${res.body}`);
  return res;
}

/** Creates throwaway objects until the next id of the table is `next`. */
async function pad(create, next) {
  const [first] = (await expectOk(...create(0, 1))).json;
  let missing = next - first.id - 1;
  for (let batch = 1; missing > 0; batch += 1) {
    const size = Math.min(missing, 100);
    await expectOk(...create(batch, size));
    missing -= size;
  }
}

const run = Math.random().toString(36).slice(2, 7);
const range = (n) => [...Array(n).keys()];
await pad((b, n) => ['core_course_create_courses', { courses: range(n).map((i) => ({ fullname: `pad ${run}`, shortname: `pad_${run}_${b}_${i}`, categoryid: 1 })) }], 300);
await pad((b, n) => ['core_course_create_categories', { categories: range(n).map((i) => ({ name: `pad ${run} ${b} ${i}`, parent: 0 })) }], 400);
await pad((b, n) => ['core_cohort_create_cohorts', { cohorts: range(n).map((i) => ({ categorytype: { type: 'system', value: '' }, name: `pad ${run} ${b} ${i}`, idnumber: `pad_${run}_${b}_${i}` })) }], 500);
await pad((b, n) => ['core_user_create_users', { users: range(n).map((i) => ({ username: `pad_${run}_${b}_${i}`, password: 'Pad-pass-1!', firstname: 'Pad', lastname: 'Pad', email: `pad_${run}_${b}_${i}@example.org` })) }], 600);

for (const [caseName, about, summary, summaryformat, fullname] of COURSES) {
  const shortname = `fmt_${caseName.replace(/^course_summary_/, '')}`;
  const args = { courses: [{ fullname: fullname ?? `Formatted text ${caseName}`, shortname, categoryid: 1, summary, summaryformat }] };
  const res = await expectOk('core_course_create_courses', args);
  const read = await expectOk('core_course_get_courses_by_field', { field: 'shortname', value: shortname });
  const courses = read.json.courses.map((c) => ({ id: c.id, shortname: c.shortname, fullname: c.fullname, displayname: c.displayname, summary: c.summary, summaryformat: c.summaryformat }));
  record(caseName, about, { wsfunction: 'core_course_create_courses', args }, res, { readback: `core_course_get_courses_by_field field=shortname value=${shortname}`, courses });
}

{
  const args = { categories: [{ name: 'Arts &middot; Crafts &amp; more', parent: 0, idnumber: 'fmt_category', description: '<p>a&nbsp;b &middot; c &#8211; d &foo;</p>', descriptionformat: 1 }] };
  const res = await expectOk('core_course_create_categories', args);
  const read = await expectOk('core_course_get_categories', { criteria: [{ key: 'idnumber', value: 'fmt_category' }], addsubcategories: 0 });
  const categories = read.json.map((c) => ({ id: c.id, name: c.name, description: c.description, descriptionformat: c.descriptionformat }));
  record('category_description_nbsp', 'A category description: &nbsp; comes back as U+00A0 and the other references as characters; the name keeps its references.',
    { wsfunction: 'core_course_create_categories', args }, res, { readback: 'core_course_get_categories idnumber=fmt_category addsubcategories=0', categories });
}

{
  const args = { cohorts: [{ categorytype: { type: 'system', value: '' }, name: 'Group &middot; A &amp; B', idnumber: 'fmt_cohort', description: '<p>a&nbsp;b &middot; c &#8211; d &foo;</p>', descriptionformat: 1 }] };
  const res = await expectOk('core_cohort_create_cohorts', args);
  record('cohort_description_nbsp', 'A cohort description, in the create answer already: &nbsp; comes back as U+00A0; the name keeps its references.',
    { wsfunction: 'core_cohort_create_cohorts', args }, res);
  const readArgs = { cohortids: [res.json[0].id] };
  record('cohort_description_nbsp_read', 'The same cohort read back with core_cohort_get_cohorts.',
    { wsfunction: 'core_cohort_get_cohorts', args: readArgs }, await expectOk('core_cohort_get_cohorts', readArgs));
}

{
  const args = { users: [{ username: 'fmt_user', password: 'Fmt-pass-1!', firstname: 'Ann', lastname: 'Format', email: 'fmt_user@example.org', description: MEASURED_SUMMARY }] };
  const res = await expectOk('core_user_create_users', args);
  const read = await expectOk('core_user_get_users_by_field', { field: 'id', values: [res.json[0].id] });
  const users = read.json.map((u) => ({ id: u.id, username: u.username, description: u.description, descriptionformat: u.descriptionformat }));
  record('user_description_measured_example', 'A user description (core_user_create_users takes no descriptionformat): decoded like a summary.',
    { wsfunction: 'core_user_create_users', args }, res, { via: `core_user_get_users_by_field field=id values=[${res.json[0].id}]`, users });
}
