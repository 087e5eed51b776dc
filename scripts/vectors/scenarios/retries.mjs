// Transient failures retried (a create that may have happened is read back first), all-or-nothing
// batches split until the bad item stands alone, and answers whose warnings fail only their item.
import { collection, config, course, find, oneRef, remove, term, user } from '../export-builders.mjs';

const cats = (moodle = {}) => config({ categories: { vocabulary: 'cats', idnumber_pattern: 'cat-{id}', mapping: { name: 'name' } } }, moodle);
const catDocs = () => [collection('taxonomy_term/cats', [term('cats', 1, 'Languages'), term('cats', 2, 'Science')])];
const coursesSection = { bundle: 'course', idnumber_pattern: 'course-{id}', category: { fixed: 1 }, mapping: { fullname: 'title', shortname: 'field_code' } };
const courses = (moodle = {}, extra = {}) => config({ courses: { ...coursesSection, ...extra } }, moodle);
const four = () => [collection('node/course', [course(100, 'German', 'DE'), course(101, 'French', 'FR'), course(102, 'Physics', 'PHY'), course(103, 'History', 'HIS')])];
const users = (moodle = {}) => config({ users: { idnumber_pattern: 'user-{id}', mapping: { username: 'name | lower', email: 'mail | lower', firstname: 'field_first_name', lastname: 'field_last_name' } } }, moodle);
const userDocs = () => [collection('user/user', [user(20, 'anna.schmidt'), user(21, 'ben.okafor')])];
const handCourse = (m, shortname) => m('core_course_create_courses', { courses: [{ fullname: 'Hand made', shortname, categoryid: 1 }] });
const tplConfig = () => config({
  templates: { vocabulary: 'tpls', category: 1 },
  courses: { ...coursesSection, template_field: 'field_template' },
});
const weekly = term('tpls', 10, 'Weekly');
const copyDocs = () => [collection('taxonomy_term/tpls', [weekly]), collection('node/course', [course(100, 'German', 'DE', { relationships: { field_template: oneRef(weekly) } })])];
const hundredCats = () => [collection('taxonomy_term/cats', Array.from({ length: 100 }, (_, i) => term('cats', i + 1, `Bereich ${i + 1}`)))];

export default {
  name: 'retries.json',
  about: 'Retries and partial failures: transient errors, split all-or-nothing batches, answers with warnings; replay_engine against answers recorded from the Moodle simulator (faults injected as it injects them).',
  scenarios: [
    {
      name: 'a create answered 503 is not sent again blindly: Moodle is read again, then the create is sent once more',
      config: cats(), documents: catDocs(), faults: { script: { 2: 'http503' } },
    },
    {
      name: 'a create whose answer was cut after Moodle made the objects: the read-back finds them by idnumber and adopts them, no duplicate',
      config: cats(), documents: catDocs(), faults: { script: { 2: 'truncated' } },
    },
    {
      name: 'a create with no answer at all (connection reset) is read back, then sent again',
      config: courses(), documents: four(), faults: { script: { 2: 'reset' } },
    },
    {
      name: 'a PHP fatal-error page on an update is transient: the same update is sent again',
      config: courses(), documents: four(), prior: [{}],
      edit: (d) => { find(d, 'node--course', 101).attributes.title = 'French A1'; },
      faults: { script: { 2: 'html' } },
    },
    {
      name: 'a read answered 503 is retried before anything is planned',
      config: cats(), documents: catDocs(), faults: { script: { 1: 'http503' } },
    },
    {
      name: 'retries 0: a transient failure of a create fails its entities at once',
      config: cats({ retries: 0 }), documents: catDocs(), faults: { script: { 2: 'http503' } },
    },
    {
      name: 'retries 1: a create failing twice fails its entities with the transient error, the run goes on',
      config: config({
        categories: { vocabulary: 'cats', idnumber_pattern: 'cat-{id}', mapping: { name: 'name' } }, courses: coursesSection,
      }, { retries: 1 }),
      documents: [...catDocs(), collection('node/course', [course(100, 'German', 'DE')])], faults: { script: { 3: 'http503', 5: 'http503' } },
    },
    {
      name: 'a duplicate_course answered 503 is read back and copied again (the copy did not happen)',
      config: tplConfig(), documents: [collection('taxonomy_term/tpls', [weekly]), collection('node/course', [course(100, 'German', 'DE', { relationships: { field_template: oneRef(weekly) } })])],
      prior: [{ edit: (d) => { d[1].document.data = []; } }],
      edit: (d) => { d[1].document.data = [course(100, 'German', 'DE', { relationships: { field_template: oneRef(weekly) } })]; },
      faults: { script: { 2: 'http503' } },
    },
    {
      name: 'a duplicate_course whose answer was cut after the copy was made: the copy is adopted by its shortname (the journal holds the intent)',
      config: tplConfig(), documents: [collection('taxonomy_term/tpls', [weekly]), collection('node/course', [course(100, 'German', 'DE', { relationships: { field_template: oneRef(weekly) } })])],
      prior: [{ edit: (d) => { d[1].document.data = []; } }],
      edit: (d) => { d[1].document.data = [course(100, 'German', 'DE', { relationships: { field_template: oneRef(weekly) } })]; },
      faults: { script: { 2: 'truncated' } },
    },
    {
      name: 'a database deadlock (dmlwriteexception) on a create of 100 is sent again whole: 2 calls, not a split into halves',
      config: cats(), documents: hundredCats(), faults: { script: { 2: 'deadlock' } },
    },
    {
      name: 'a deadlock that comes back until the retries are spent is then split like one item\'s error',
      config: cats({ retries: 1 }), documents: catDocs(), faults: { script: { 2: 'deadlock', 3: 'deadlock', 4: 'deadlock' } },
    },
    {
      name: 'a create that ran but whose answer never came (the client stopped waiting) is read back and adopted',
      config: cats(), documents: catDocs(), faults: { script: { 2: 'timeout' } },
    },
    {
      name: 'a create answered 504 by a proxy while PHP goes on: waited for and read back until it appears, then adopted, never sent twice',
      config: cats(), documents: catDocs(), faults: { script: { 2: 'gateway504' }, lateBy: 2 },
    },
    {
      name: 'a duplicate_course answered 504 by a proxy while PHP goes on: the copy is waited for and adopted by its shortname',
      config: tplConfig(), documents: copyDocs(),
      prior: [{ edit: (d) => { d[1].document.data = []; } }],
      edit: (d) => { d[1].document.data = copyDocs()[1].document.data; },
      faults: { script: { 2: 'gateway504' }, lateBy: 3 },
    },
    {
      name: 'a duplicate_course answered with a database deadlock is read back and copied again, never sent as a plain create',
      config: tplConfig(), documents: copyDocs(),
      prior: [{ edit: (d) => { d[1].document.data = []; } }],
      edit: (d) => { d[1].document.data = copyDocs()[1].document.data; },
      faults: { script: { 2: 'deadlock' } },
    },
    {
      name: 'the update after duplicate_course answered 503 is sent again like any update: the course is created',
      config: tplConfig(), documents: copyDocs(),
      prior: [{ edit: (d) => { d[1].document.data = []; } }],
      edit: (d) => { d[1].document.data = copyDocs()[1].document.data; },
      faults: { script: { 3: 'http503' } },
    },
    {
      name: 'a delete of users whose answer was lost is sent again; Moodle says the user is gone: deleted, not failed',
      config: config({ users: { idnumber_pattern: 'user-{id}', deleted: 'delete', mapping: { username: 'name | lower', email: 'mail | lower', firstname: 'field_first_name', lastname: 'field_last_name' } } }),
      documents: userDocs(), prior: [{}], edit: (d) => remove(d, 'user--user', 21),
      faults: { script: { 3: 'timeout' } },
    },
    {
      name: 'an all-or-nothing create of four with one bad item is split in halves until that item stands alone',
      config: courses(), documents: four(), seed: (m) => handCourse(m, 'PHY'),
    },
    {
      name: 'an all-or-nothing create with two bad items fails both and creates the rest',
      config: courses(), documents: four(), seed: async (m) => { await handCourse(m, 'DE'); await handCourse(m, 'HIS'); },
    },
    {
      name: 'an all-or-nothing update_categories refused for one item is split: the other update goes through',
      config: config({ categories: { vocabulary: 'cats', idnumber_pattern: 'cat-{id}', mapping: { name: 'name' } } }),
      documents: [collection('taxonomy_term/cats', [term('cats', 1, 'Languages'), term('cats', 2, 'Science'), term('cats', 3, 'German'), term('cats', 4, 'Physics')])],
      prior: [{}],
      edit: (d) => {
        find(d, 'taxonomy_term--cats', 3).relationships.parent.data = [{ type: 'taxonomy_term--cats', id: 'cats-term-1' }];
        find(d, 'taxonomy_term--cats', 4).relationships.parent.data = [{ type: 'taxonomy_term--cats', id: 'cats-term-2' }];
      },
      beforeCall: { 2: (m) => m('core_course_delete_categories', { categories: [{ id: 3, recursive: 0, newparent: 1 }] }) },
    },
    {
      name: 'update_courses is not all-or-nothing: a warning fails its course only, the others in the call are updated',
      config: courses(), documents: four(), prior: [{}],
      edit: (d) => { find(d, 'node--course', 100).attributes.field_code = 'FR'; find(d, 'node--course', 102).attributes.title = 'Physics I'; },
    },
    {
      name: 'update_users is not all-or-nothing: a duplicate email warning fails that user only',
      config: users(), documents: userDocs(), prior: [{}],
      edit: (d) => { find(d, 'user--user', 21).attributes.mail = 'anna.schmidt@example.edu'; find(d, 'user--user', 20).attributes.field_first_name = 'Annie'; },
    },
    {
      name: 'a permission error (a token without capabilities) stops every write: the rest fail with it',
      config: cats(), documents: catDocs(), token: 'nocap',
    },
    {
      name: 'a max_input_vars budget too small for one request splits a create across calls, each under the budget',
      config: courses({ max_input_vars: 12 }), documents: four(),
    },
    {
      name: 'an item that alone needs more variables than the budget fails and is never sent truncated',
      config: courses({ max_input_vars: 10 }, { mapping: { fullname: 'title', shortname: 'field_code', summary: 'field_code', lang: { value: 'en' }, newsitems: 3, showgrades: 1, visible: 1 } }),
      documents: [collection('node/course', [course(100, 'German', 'DE')])],
    },
  ],
};
