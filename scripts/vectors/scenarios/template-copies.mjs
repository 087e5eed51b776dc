// Courses made from a template: core_course_duplicate_course, then one update; copy intents in the
// journal make an interrupted copy resumable without a second copy.
import { collection, config, course, find, oneRef, term } from '../export-builders.mjs';

const N = 'node--course';
const courses = (extra = {}) => ({
  bundle: 'course', idnumber_pattern: 'course-{id}', category: { fixed: 1 }, template_field: 'field_template',
  mapping: { fullname: 'title', shortname: 'field_code', visible: 'status | bool' }, ...extra,
});
const setup = (extra = {}, moodle = {}) => config({ templates: { vocabulary: 'tpls', category: 1 }, courses: courses(extra) }, moodle);
const weekly = term('tpls', 10, 'Weekly');
const german = course(100, 'German', 'DE-A1', { relationships: { field_template: oneRef(weekly) } });
const french = course(101, 'French', 'FR-A1', { relationships: { field_template: oneRef(weekly) } });
const plain = course(102, 'Physics', 'PHY', { relationships: { field_template: oneRef(null) } });
const docs = (terms, nodes) => [collection('taxonomy_term/tpls', terms), collection('node/course', nodes)];
// The template's course exists (id 2, made by an earlier sync); the course node is new.
const templateSynced = { edit: (d) => { d[1].document.data = []; } };
const withCourses = (nodes) => (d) => { d[1].document.data = structuredClone(nodes); };
const intent = (node, shortname, afterId) => ({ kind: 'copy', type: N, uuid: node.id, shortname, template: 2, after_id: afterId });
const duplicate = (m, shortname) => m('core_course_duplicate_course', { courseid: 2, fullname: 'Copy', shortname, categoryid: 1, visible: 1, options: [{ name: 'users', value: 0 }] });

export default {
  name: 'template_copies.json',
  about: 'Template copies: a course with a template is duplicated from the template\'s course, then updated; copy intents make a killed copy resumable. replay_engine against answers recorded from the Moodle simulator.',
  scenarios: [
    {
      name: 'a new course with a template: the copy intent is journaled, the template is duplicated, the copy\'s id journaled, then one update sets its fields and idnumber',
      config: setup(), documents: docs([weekly], [german]), prior: [templateSynced], edit: withCourses([german]),
    },
    {
      name: 'a template created in the same run: the course waits for it, then is copied from it',
      config: setup(), documents: docs([weekly], [german]),
    },
    {
      name: 'each course with a template is its own copy (duplicate_course takes one course)',
      config: setup(), documents: docs([weekly], [german, french]), prior: [templateSynced], edit: withCourses([german, french]),
    },
    {
      name: 'a course without a template reference is created with create_courses',
      config: setup(), documents: docs([weekly], [plain]),
    },
    {
      name: 'hide_copy: the copy starts hidden and its update leaves visible out',
      config: setup({ hide_copy: true }), documents: docs([weekly], [german]), prior: [templateSynced], edit: withCourses([german]),
    },
    {
      name: 'a course that already has a moodle id is updated, never copied again',
      config: setup(), documents: docs([weekly], [german]), prior: [{}],
      edit: (d) => { find(d, N, 100).attributes.title = 'German A1'; },
    },
    {
      name: 'a course whose template term is ignored fails naming the template; the others sync',
      config: setup(), documents: docs([term('tpls', 10, 'Weekly', { moodleId: 'ignore' })], [german, plain]),
    },
    {
      name: 'a course whose template term is stale is skipped, naming the template as the cause',
      config: setup(), documents: docs([term('tpls', 10, 'Weekly', { moodleId: '404' })], [german]),
    },
    {
      name: 'a course whose template is not in the export fails naming the reference',
      config: setup(), documents: docs([], [german]),
    },
    {
      name: 'resume: a copy intent in the journal and a copy without idnumber made after it: the copy is adopted by its shortname and updated',
      config: setup(), documents: docs([weekly], [german]), prior: [templateSynced], edit: withCourses([german]),
      seedAfter: (m) => duplicate(m, 'DE-A1'), journal: [intent(german, 'DE-A1', 2)],
    },
    {
      name: 'resume: a course with the intent\'s shortname that existed before the intent (id not above after_id) is not adopted',
      config: setup(), documents: docs([weekly], [german]), prior: [templateSynced], edit: withCourses([german]),
      seedAfter: (m) => duplicate(m, 'DE-A1'), journal: [intent(german, 'DE-A1', 3)],
    },
    {
      name: 'resume: a course with the intent\'s shortname that already has an idnumber is not adopted',
      config: setup(), documents: docs([weekly], [german]), prior: [templateSynced], edit: withCourses([german]),
      seedAfter: async (m) => { await duplicate(m, 'DE-A1'); await m('core_course_update_courses', { courses: [{ id: 3, idnumber: 'ext-9' }] }); },
      journal: [intent(german, 'DE-A1', 2)],
    },
    {
      name: 'without a copy intent a course with the same shortname is never taken over: the copy fails as shortnametaken',
      config: setup(), documents: docs([weekly], [german]), prior: [templateSynced], edit: withCourses([german]),
      seedAfter: (m) => duplicate(m, 'DE-A1'),
    },
    {
      name: 'resume: a copy whose id is in the journal but whose write-back was lost is taken over by id, not copied again',
      config: setup(), documents: docs([weekly], [german]), prior: [{ writeBackErrors: ['node--course 100'], keepJournal: true }],
    },
    {
      name: 'resume: a copy journaled by id but killed before its update (no idnumber yet) is taken over by id and given its idnumber',
      config: setup(), documents: docs([weekly], [german]), prior: [templateSynced], edit: withCourses([german]),
      seedAfter: (m) => duplicate(m, 'DE-A1'),
      journal: [intent(german, 'DE-A1', 2), { component: 'courses', type: N, uuid: german.id, idnumber: 'course-100', moodle_id: 3 }],
    },
    {
      name: 'a copy refused by Moodle (template course deleted by hand) fails that course alone',
      config: setup(), documents: docs([weekly], [german, plain]), prior: [templateSynced], edit: withCourses([german, plain]),
      beforeCall: { 2: (m) => m('core_course_delete_courses', { courseids: [2] }) },
    },
    {
      name: 'a dry run plans a copy as a create with a stand-in id and sends nothing',
      config: setup(), documents: docs([weekly], [german]), prior: [templateSynced], edit: withCourses([german]), dryRun: true,
    },
  ],
};
