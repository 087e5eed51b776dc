// Courses: course nodes -> Moodle courses, their category from a term reference or fixed.
import { collection, config, course, find, formatted, oneRef, term } from '../export-builders.mjs';

const N = 'node--course';
const mapping = {
  fullname: 'title', shortname: 'field_code', summary: 'body | html', visible: 'status | bool',
  startdate: 'field_start | timestamp', enddate: { from: 'field_end | timestamp', default: 0 }, format: { value: 'weeks' },
};
const courses = (extra = {}) => ({ bundle: 'course', idnumber_pattern: 'course-{id}', category: { field: 'field_cat', fallback: 1 }, mapping, ...extra });
const setup = (extra = {}, moodle = {}) => config({ categories: { vocabulary: 'cats', idnumber_pattern: 'cat-{id}' }, courses: courses(extra) }, moodle);
const only = (extra = {}, moodle = {}) => config({ courses: courses(extra) }, moodle);

const languages = term('cats', 1, 'Languages');
const science = term('cats', 4, 'Science');
const dates = { field_start: '2027-01-11T09:00:00+01:00', field_end: '2027-04-02' };
const german = course(100, 'German for Beginners', 'DE-A1', {
  attributes: { body: formatted('<p>Greetings, numbers, caf\u00e9 talk.</p>'), ...dates }, relationships: { field_cat: oneRef(languages) },
});
const french = course(101, 'French for Beginners', 'FR-A1', { attributes: { body: null, ...dates }, relationships: { field_cat: oneRef(languages) } });
const physics = course(102, 'Physics', 'PHY-1', { attributes: { body: null, ...dates }, relationships: { field_cat: oneRef(null) } });
const docs = (terms, nodes) => [collection('taxonomy_term/cats', terms), collection('node/course', nodes)];
const makeCourse = (moodle, fields) => moodle('core_course_create_courses', { courses: [{ categoryid: 1, ...fields }] });

export default {
  name: 'component_courses.json',
  about: 'Courses: course nodes -> Moodle courses (mapped fields, custom fields, category); replay_engine against answers recorded from the Moodle simulator.',
  scenarios: [
    {
      name: 'a new course is created after its category, in the category the term was given, with every mapped field',
      config: setup(), documents: docs([languages], [german]),
    },
    {
      name: 'a course whose category reference is empty goes to the fallback category',
      config: setup(), documents: docs([languages], [physics]),
    },
    {
      name: 'the category option fixed puts every course in that category',
      config: only({ category: { fixed: 1 } }), documents: [collection('node/course', [german, physics])],
    },
    {
      name: 'a weeks course with a mapped end date asks Moodle not to compute its own end date',
      config: only({ mapping: { ...mapping, format: { value: 'weeks' } } }), documents: [collection('taxonomy_term/cats', [term('cats', 1, 'Languages', { moodleId: '1' })]), collection('node/course', [french])],
    },
    {
      name: 'several new courses are created in one call',
      config: setup(), documents: docs([languages], [german, french, physics]),
    },
    {
      name: 'a course found by its idnumber is adopted; only the fields that differ are sent',
      config: only(), documents: docs([term('cats', 1, 'Languages', { moodleId: '1' })], [french]),
      seed: (m) => makeCourse(m, { fullname: 'French (old title)', shortname: 'FR-A1', idnumber: 'course-101', format: 'weeks', startdate: 1799654400, enddate: 1806969600 }),
    },
    {
      name: 'a second sync with nothing changed writes nothing',
      config: setup(), documents: docs([languages], [german, french, physics]), prior: [{}],
    },
    {
      name: 'a changed title updates only the full name',
      config: setup(), documents: docs([languages], [german, french]), prior: [{}],
      edit: (d) => { find(d, N, 101).attributes.title = 'French A1'; },
    },
    {
      name: 'a course whose term reference changes moves to that term\'s category, sending only categoryid',
      config: setup(), documents: docs([languages, science], [german]), prior: [{}],
      edit: (d) => { find(d, N, 100).relationships.field_cat = oneRef(science); },
    },
    {
      name: 'an unpublished node hides its course (visible 0) and nothing else is sent',
      config: setup(), documents: docs([languages], [german]), prior: [{}],
      edit: (d) => { find(d, N, 100).attributes.status = false; },
    },
    {
      name: 'a moved start date updates only the start date',
      config: setup(), documents: docs([languages], [french]), prior: [{}],
      edit: (d) => { find(d, N, 101).attributes.field_start = '2027-02-01T09:00:00+01:00'; },
    },
    {
      name: 'course custom fields are sent on create as {shortname, value}',
      config: setup({ customfields: { level: 'field_level' } }),
      documents: docs([languages], [course(103, 'Spanish', 'ES-A2', { attributes: { body: null, ...dates, field_level: 'A2' }, relationships: { field_cat: oneRef(languages) } })]),
    },
    {
      name: 'a changed custom field value updates only the custom fields',
      config: setup({ customfields: { level: 'field_level' } }),
      documents: docs([languages], [course(103, 'Spanish', 'ES-A2', { attributes: { body: null, ...dates, field_level: 'A2' }, relationships: { field_cat: oneRef(languages) } })]),
      prior: [{}], edit: (d) => { find(d, N, 103).attributes.field_level = 'B1'; },
    },
    {
      name: 'a custom field the site does not define fails its course, naming the field (Moodle would drop it silently)',
      config: setup({ customfields: { colour: 'field_code' } }), documents: docs([languages], [german]),
      seed: (m) => makeCourse(m, { fullname: 'Existing', shortname: 'EX', idnumber: 'hand-1' }),
    },
    {
      name: 'a course whose category term is ignored fails naming the reference, while the others sync',
      config: setup(), documents: docs([term('cats', 1, 'Languages', { moodleId: 'ignore' })], [german, physics]),
    },
    {
      name: 'a course whose category term is stale is skipped, naming the term as the cause',
      config: setup(), documents: docs([term('cats', 1, 'Languages', { moodleId: '99' })], [german, french]),
    },
    {
      name: 'a course waiting for a category that is not synced in this run (categories disabled) fails saying so',
      config: config({ categories: { vocabulary: 'cats', enabled: false }, courses: courses() }), documents: docs([languages], [german]),
    },
    {
      name: 'a course node marked "ignore" is ignored, and a field_moodle_id of 007 too',
      config: setup(), documents: docs([languages], [course(104, 'Old', 'OLD', { moodleId: 'ignore', attributes: dates }), course(105, 'Older', 'OLDER', { moodleId: '007', attributes: dates }), german]),
    },
    {
      name: 'a moodle id that finds no course is stale: nothing is sent for it',
      config: setup(), documents: docs([languages], [course(101, 'French for Beginners', 'FR-A1', { moodleId: '4242', attributes: { body: null, ...dates }, relationships: { field_cat: oneRef(languages) } })]),
    },
    {
      name: 'a cloned node carrying the original\'s moodle id: both fail and the course is not written',
      config: setup(), documents: docs([languages], [german, course(106, 'German (copy)', 'DE-A1-2', { attributes: { body: null, ...dates }, relationships: { field_cat: oneRef(languages) } })]),
      prior: [{}],
      edit: (d) => { find(d, N, 106).attributes.field_moodle_id = find(d, N, 100).attributes.field_moodle_id; },
    },
    {
      name: 'a moodle id whose course has another node\'s idnumber (course-{id}) is not taken over',
      config: setup(), documents: docs([languages], [course(107, 'Italian', 'IT-A1', { moodleId: '2', attributes: { body: null, ...dates }, relationships: { field_cat: oneRef(languages) } })]),
      seed: (m) => makeCourse(m, { fullname: 'German for Beginners', shortname: 'DE-A1', idnumber: 'course-100' }),
    },
    {
      name: 'a shortname taken by a course made by hand fails that course alone: the batch is split and the others are created',
      config: setup(), documents: docs([languages], [german, french, physics]),
      seed: (m) => makeCourse(m, { fullname: 'Hand made', shortname: 'FR-A1' }),
    },
    {
      name: 'a start date that is not a date fails that course naming the field, while the others sync',
      config: setup(), documents: docs([languages], [course(108, 'Dutch', 'NL-A1', { attributes: { body: null, field_start: 'next monday', field_end: null }, relationships: { field_cat: oneRef(languages) } }), german]),
    },
    {
      name: 'an empty shortname fails that course as a required field',
      config: setup(), documents: docs([languages], [course(109, 'No code', '', { attributes: { body: null, ...dates }, relationships: { field_cat: oneRef(languages) } }), french]),
    },
    {
      name: 'a shortname change that Moodle refuses (taken) is a warning of update_courses: only that course fails',
      config: setup(), documents: docs([languages], [german, french]), prior: [{}],
      edit: (d) => { find(d, N, 101).attributes.field_code = 'DE-A1'; find(d, N, 100).attributes.title = 'German A1'; },
    },
    {
      name: 'a dry run plans the category and its course with stand-in ids and writes nothing',
      config: setup(), documents: docs([languages], [german, physics]), dryRun: true,
    },
    {
      name: 'the site guard blocks a site not in site.urls: every write is planned as blocked',
      config: { ...setup(), site: { urls: ['https://other.example.edu'] } }, documents: docs([languages], [german]),
    },
  ],
};
