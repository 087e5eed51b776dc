// Entities deleted in Drupal: the `deleted` policy of each component decides what happens to
// the Moodle objects no entity claims any more.
import { collection, config, course, remove, term, user } from '../export-builders.mjs';

const trash = (m) => m('core_course_create_categories', { categories: [{ name: 'Trash', parent: 0, idnumber: 'trash' }] });
const cats = (extra = {}) => config({ categories: { vocabulary: 'cats', idnumber_pattern: 'cat-{id}', ...extra } });
const catDocs = () => [collection('taxonomy_term/cats', [term('cats', 1, 'Languages'), term('cats', 2, 'Science'), term('cats', 3, 'History')])];
const tpls = (extra = {}) => config({ templates: { vocabulary: 'tpls', category: 1, ...extra } });
const tplDocs = () => [collection('taxonomy_term/tpls', [term('tpls', 10, 'Weekly'), term('tpls', 11, 'Workshop')])];
const courses = (extra = {}) => config({ courses: { bundle: 'course', idnumber_pattern: 'course-{id}', category: { fixed: 1 }, mapping: { fullname: 'title', shortname: 'field_code' }, ...extra } });
const courseDocs = () => [collection('node/course', [course(100, 'German', 'DE-A1'), course(101, 'French', 'FR-A1'), course(102, 'Physics', 'PHY')])];
const users = (extra = {}) => config({ users: { idnumber_pattern: 'user-{id}', mapping: { username: 'name | lower', email: 'mail | lower', firstname: 'field_first_name', lastname: 'field_last_name' }, ...extra } });
const userDocs = () => [collection('user/user', [user(20, 'anna.schmidt'), user(21, 'ben.okafor'), user(22, 'carla.rossi')])];
const cohorts = (extra = {}) => config({ cohorts: { vocabulary: 'groups', idnumber_pattern: 'group-{id}', ...extra } });
const cohortDocs = () => [collection('taxonomy_term/groups', [term('groups', 30, 'Staff'), term('groups', 31, 'Students')])];
const C = 'taxonomy_term--cats';
const handCourse = (m, shortname, idnumber) => m('core_course_create_courses', { courses: [{ fullname: `Hand ${shortname}`, shortname, categoryid: 1, idnumber }] });

export default {
  name: 'deletions.json',
  about: 'The deleted policies: what happens to Moodle objects whose Drupal entity is gone; replay_engine against answers recorded from the Moodle simulator.',
  scenarios: [
    {
      name: 'categories deleted: keep (the default) leaves the category of a deleted term alone',
      config: cats(), documents: catDocs(), prior: [{}], edit: (d) => remove(d, C, 3),
    },
    {
      name: 'categories deleted: trash moves the category of a deleted term into the trash category, sending only the parent',
      config: cats({ deleted: 'trash', trash_category: 2 }), documents: catDocs(), seed: trash,
      prior: [{ config: cats() }], edit: (d) => remove(d, C, 3),
    },
    {
      name: 'categories deleted: trash leaves a category that is already in the trash alone',
      config: cats({ deleted: 'trash', trash_category: 2 }), documents: catDocs(), seed: trash,
      prior: [{ config: cats() }, { edit: (d) => remove(d, C, 3) }],
    },
    {
      name: 'categories deleted: trash never touches a category whose idnumber does not follow the pattern',
      config: cats({ deleted: 'trash', trash_category: 2 }), documents: catDocs(), seed: async (m) => {
        await trash(m);
        await m('core_course_create_categories', { categories: [{ name: 'Hand made', parent: 0, idnumber: 'hand-1' }, { name: 'No idnumber', parent: 0 }] });
      },
    },
    {
      name: 'templates deleted: trash moves the course of a deleted template term to the trash category',
      config: tpls({ deleted: 'trash', trash_category: 2 }), documents: tplDocs(), seed: trash,
      prior: [{ config: tpls() }], edit: (d) => remove(d, 'taxonomy_term--tpls', 11),
    },
    {
      name: 'templates deleted: delete deletes the course of a deleted template term',
      config: tpls({ deleted: 'delete' }), documents: tplDocs(), prior: [{}], edit: (d) => remove(d, 'taxonomy_term--tpls', 10),
    },
    {
      name: 'courses deleted: keep (the default) deletes nothing',
      config: courses(), documents: courseDocs(), prior: [{}], edit: (d) => remove(d, 'node--course', 101),
    },
    {
      name: 'courses deleted: delete deletes the courses of deleted nodes in one call',
      config: courses({ deleted: 'delete' }), documents: courseDocs(), prior: [{}],
      edit: (d) => { remove(d, 'node--course', 101); remove(d, 'node--course', 102); },
    },
    {
      name: 'courses deleted: delete never touches courses made by hand, nor one whose idnumber only looks like the pattern',
      config: courses({ deleted: 'delete' }), documents: courseDocs(),
      seed: async (m) => { await handCourse(m, 'HAND', 'hand-1'); await handCourse(m, 'LOOK', 'course-x7'); await handCourse(m, 'NOID', ''); },
    },
    {
      name: 'courses deleted: an export without a single course node removes nothing and says so',
      config: courses({ deleted: 'delete' }), documents: courseDocs(), prior: [{}],
      edit: (d) => { d[0].document.data = []; },
    },
    {
      name: 'courses deleted: one page of the courses (links.next) removes nothing and says so',
      config: courses({ deleted: 'delete' }), documents: courseDocs(), prior: [{}],
      edit: (d) => { remove(d, 'node--course', 102); d[0].document.links.next = { href: 'https://learn.example.edu/jsonapi/node/course?page[offset]=50' }; },
    },
    {
      name: 'courses deleted: a dry run plans the deletion and sends nothing',
      config: courses({ deleted: 'delete' }), documents: courseDocs(), prior: [{}], dryRun: true,
      edit: (d) => remove(d, 'node--course', 100),
    },
    {
      name: 'courses deleted: a course deleted by hand in the meantime is a warning of delete_courses',
      config: courses({ deleted: 'delete' }), documents: courseDocs(), prior: [{}],
      edit: (d) => remove(d, 'node--course', 100),
      beforeCall: { 2: (m) => m('core_course_delete_courses', { courseids: [2] }) },
    },
    {
      name: 'users deleted: none (the default) leaves the account of a deleted user alone',
      config: users(), documents: userDocs(), prior: [{}], edit: (d) => remove(d, 'user--user', 22),
    },
    {
      name: 'users deleted: suspend reads the manual accounts and suspends the deleted user\'s',
      config: users({ deleted: 'suspend' }), documents: userDocs(), prior: [{}], edit: (d) => remove(d, 'user--user', 22),
    },
    {
      name: 'users deleted: suspend leaves an already suspended account, and accounts made by hand, alone',
      config: users({ deleted: 'suspend' }), documents: userDocs(), prior: [{}, { edit: (d) => remove(d, 'user--user', 22) }],
      seedAfter: (m) => m('core_user_create_users', { users: [{ username: 'hand.made', firstname: 'H', lastname: 'M', email: 'hand@example.edu', auth: 'manual', createpassword: 1, idnumber: 'staff-7' }] }),
    },
    {
      name: 'users deleted: delete deletes the account of a deleted user',
      config: users({ deleted: 'delete' }), documents: userDocs(), prior: [{}], edit: (d) => remove(d, 'user--user', 21),
    },
    {
      name: 'users deleted: only accounts of the configured auth method are looked at',
      config: users({ deleted: 'delete', auth: 'oauth2' }), documents: userDocs(), prior: [{ config: users() }], edit: (d) => remove(d, 'user--user', 21),
    },
    {
      name: 'cohorts deleted: keep (the default) leaves the cohort of a deleted term alone',
      config: cohorts(), documents: cohortDocs(), prior: [{}], edit: (d) => remove(d, 'taxonomy_term--groups', 31),
    },
    {
      name: 'cohorts deleted: delete deletes the cohort of a deleted term',
      config: cohorts({ deleted: 'delete' }), documents: cohortDocs(), prior: [{}], edit: (d) => remove(d, 'taxonomy_term--groups', 31),
    },
    {
      name: 'cohorts deleted: delete never touches a cohort made by hand',
      config: cohorts({ deleted: 'delete' }), documents: cohortDocs(),
      seed: (m) => m('core_cohort_create_cohorts', { cohorts: [{ categorytype: { type: 'system', value: '' }, name: 'Hand', idnumber: 'hand-1' }] }),
    },
    {
      name: 'a deleted policy with the bare {id} idnumber pattern is refused: any numeric idnumber would look like one of ours',
      config: config({ courses: { bundle: 'course', category: { fixed: 1 }, mapping: { fullname: 'title', shortname: 'field_code' }, deleted: 'delete' } }),
      documents: courseDocs(), refused: true,
    },
    {
      name: 'the site guard blocks deletions too: they are planned as blocked',
      config: { ...cohorts({ deleted: 'delete' }), site: { urls: ['https://staging.example.edu'] } }, documents: cohortDocs(),
      prior: [{ config: cohorts() }], edit: (d) => remove(d, 'taxonomy_term--groups', 30),
    },
  ],
};
