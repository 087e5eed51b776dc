// Cohorts: terms of one vocabulary -> system cohorts.
import { collection, config, find, formatted, term } from '../export-builders.mjs';

const T = 'taxonomy_term--groups';
const setup = (extra = {}, moodle = {}) => config({ cohorts: { vocabulary: 'groups', idnumber_pattern: 'group-{id}', ...extra } }, moodle);
const docs = (...terms) => [collection('taxonomy_term/groups', terms)];
const makeCohort = (moodle, name, idnumber, extra = {}) => moodle('core_cohort_create_cohorts', {
  cohorts: [{ categorytype: { type: 'system', value: '' }, name, idnumber, ...extra }],
});

const staff = term('groups', 30, 'Staff', { attributes: { description: formatted('<p>All employees.</p>') } });
const students = term('groups', 31, 'Students');
const alumni = term('groups', 32, 'Alumni');

export default {
  name: 'component_cohorts.json',
  about: 'Cohorts: terms -> system cohorts (name, idnumber, description); replay_engine against answers recorded from the Moodle simulator.',
  scenarios: [
    {
      name: 'a new term creates a system cohort with name, description and idnumber',
      config: setup(), documents: docs(staff),
    },
    {
      name: 'several new terms are created in one call',
      config: setup(), documents: docs(staff, students, alumni),
    },
    {
      name: 'a cohort found by its idnumber is adopted and nothing equal is sent',
      config: setup({ mapping: { name: 'name', description: { value: '' } } }), documents: docs(students),
      seed: (m) => makeCohort(m, 'Students', 'group-31'),
    },
    {
      name: 'an adopted cohort with another name is updated: update_cohorts gets the name, idnumber and category type it requires',
      config: setup(), documents: docs(students),
      seed: (m) => makeCohort(m, 'All students', 'group-31'),
    },
    {
      name: 'a second sync with nothing changed writes nothing',
      config: setup(), documents: docs(staff, students), prior: [{}],
    },
    {
      name: 'a renamed term updates its cohort\'s name',
      config: setup(), documents: docs(staff, students), prior: [{}],
      edit: (d) => { find(d, T, 31).attributes.name = 'Learners'; },
    },
    {
      name: 'a changed description updates the description only (with what update_cohorts requires)',
      config: setup(), documents: docs(staff), prior: [{}],
      edit: (d) => { find(d, T, 30).attributes.description = formatted('<p>Everyone on the payroll.</p>'); },
    },
    {
      name: 'a description that Moodle rewrites (entities, link targets) reads as unchanged on the next sync',
      config: setup(), documents: docs(term('groups', 33, 'Guests', { attributes: { description: formatted('<p>Caf&eacute; &middot; <a href="https://example.edu/My File.pdf">rules</a></p>') } })),
      prior: [{}],
    },
    {
      name: 'a mapped constant visible false hides an existing cohort: only visible is sent, with what update_cohorts requires',
      config: setup({ mapping: { name: 'name', visible: false } }), documents: docs(alumni), prior: [{ config: setup() }],
    },
    {
      name: 'a term marked "ignore" is ignored, and one whose field_moodle_id is 1.5 too',
      config: setup(), documents: docs(term('groups', 34, 'Hidden', { moodleId: 'ignore' }), term('groups', 35, 'Odd', { moodleId: '1.5' }), staff),
    },
    {
      name: 'a moodle id that finds no cohort is stale: nothing is sent for it',
      config: setup(), documents: docs(term('groups', 36, 'Gone', { moodleId: '55' }), staff),
    },
    {
      name: 'two terms holding one moodle id both fail and the cohort is not written',
      config: setup(), documents: docs(staff, students), prior: [{}],
      edit: (d) => { find(d, T, 31).attributes.field_moodle_id = find(d, T, 30).attributes.field_moodle_id; },
    },
    {
      name: 'a moodle id whose cohort carries another term\'s idnumber is not taken over',
      config: setup(), documents: docs(term('groups', 37, 'Tutors', { moodleId: '1' })),
      seed: (m) => makeCohort(m, 'Staff', 'group-30'),
    },
    {
      name: 'a moodle id whose cohort has an idnumber of another scheme is taken over and given the term\'s idnumber',
      config: setup(), documents: docs(term('groups', 31, 'Students', { moodleId: '1' })),
      seed: (m) => makeCohort(m, 'Students', 'STUD-2019'),
    },
    {
      name: 'an empty name fails that term as a required field, while the others are created',
      config: setup(), documents: docs(term('groups', 38, ''), students),
    },
    {
      name: 'a name longer than Moodle\'s 254 characters fails that term, naming the field',
      config: setup(), documents: docs(term('groups', 39, 'G'.repeat(255)), students),
    },
    {
      name: 'a cohort made by hand with the same idnumber between the read and the create fails alone: the batch is split',
      config: setup(), documents: docs(staff, students),
      beforeCall: { 2: (m) => makeCohort(m, 'Staff by hand', 'group-30') },
    },
    {
      name: 'the idnumber_pattern default {id} gives the bare term id as the idnumber',
      config: config({ cohorts: { vocabulary: 'groups' } }), documents: docs(alumni),
    },
    {
      name: 'max_batch_items 2: three new cohorts take two calls',
      config: setup({}, { max_batch_items: 2 }), documents: docs(staff, students, alumni),
    },
    {
      name: 'a dry run plans every cohort with a stand-in id and writes nothing',
      config: setup(), documents: docs(staff, students), dryRun: true,
    },
    {
      name: 'a disabled cohorts component reads and writes nothing',
      config: setup({ enabled: false }), documents: docs(staff),
    },
    {
      name: 'the site guard blocks a site not in site.urls: the cohort is planned as blocked',
      config: { ...setup(), site: { urls: ['https://staging.example.edu'] } }, documents: docs(staff),
    },
  ],
};
