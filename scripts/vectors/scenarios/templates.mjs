// Templates: terms of one vocabulary -> template courses in one category.
import { collection, config, course, find, formatted, term } from '../export-builders.mjs';

const T = 'taxonomy_term--tpls';
const setup = (extra = {}, moodle = {}, more = {}) => config({ templates: { vocabulary: 'tpls', category: 1, ...extra }, ...more }, moodle);
const docs = (...terms) => [collection('taxonomy_term/tpls', terms)];
const makeCourse = (moodle, fullname, shortname, idnumber, categoryid = 1) =>
  moodle('core_course_create_courses', { courses: [{ fullname, shortname, categoryid, idnumber }] });
const makeCategory = (moodle, name) => moodle('core_course_create_categories', { categories: [{ name, parent: 0 }] });

const weekly = term('tpls', 10, 'Standard weekly course', { attributes: { description: formatted('<p>Twelve weekly sections.</p>') } });
const workshop = term('tpls', 11, 'Workshop');

export default {
  name: 'component_templates.json',
  about: 'Templates: terms -> template courses in the configured category; replay_engine against answers recorded from the Moodle simulator.',
  scenarios: [
    {
      name: 'a new template term creates a course in the templates category, shortname from the default pattern template_[{id}]',
      config: setup(), documents: docs(weekly),
    },
    {
      name: 'two new templates are created in one call',
      config: setup(), documents: docs(weekly, workshop),
    },
    {
      name: 'the shortname_pattern option names the template course',
      config: setup({ shortname_pattern: 'TPL-{id}' }), documents: docs(workshop),
    },
    {
      name: 'a mapped shortname wins over the shortname pattern',
      config: setup({ mapping: { fullname: 'name', shortname: 'field_code' } }),
      documents: docs(term('tpls', 12, 'Lab course', { attributes: { field_code: 'LAB-TEMPLATE' } })),
    },
    {
      name: 'the idnumber_pattern option sets the template course\'s idnumber',
      config: setup({ idnumber_pattern: 'tpl-{id}' }), documents: docs(workshop),
    },
    {
      name: 'a mapped summary and a constant visible false are sent on create',
      config: setup({ mapping: { fullname: 'name', summary: 'description | html', visible: false } }), documents: docs(weekly),
    },
    {
      name: 'a template course found by its idnumber is adopted and nothing equal is sent',
      config: setup(), documents: docs(workshop),
      seed: (m) => makeCourse(m, 'Workshop', 'template_[11]', 'template-11'),
    },
    {
      name: 'an adopted template course with another full name is updated with the full name only',
      config: setup(), documents: docs(workshop),
      seed: (m) => makeCourse(m, 'Workshop (2019)', 'template_[11]', 'template-11'),
    },
    {
      name: 'a second sync with nothing changed writes nothing',
      config: setup({ mapping: { fullname: 'name', summary: 'description | html' } }), documents: docs(weekly, workshop), prior: [{}],
    },
    {
      name: 'a renamed template term updates only the full name',
      config: setup(), documents: docs(weekly, workshop), prior: [{}],
      edit: (d) => { find(d, T, 11).attributes.name = 'Hands-on workshop'; },
    },
    {
      name: 'a changed description updates only the summary',
      config: setup({ mapping: { fullname: 'name', summary: 'description | html' } }), documents: docs(weekly), prior: [{}],
      edit: (d) => { find(d, T, 10).attributes.description = formatted('<p>Ten weekly sections.</p>'); },
    },
    {
      name: 'a new templates category in the configuration moves every template course there (categoryid only)',
      config: setup({ category: 2 }), documents: docs(weekly, workshop),
      seed: (m) => makeCategory(m, 'Templates'),
      prior: [{ config: setup() }],
    },
    {
      name: 'a template course moved by hand to another category is moved back',
      config: setup(), documents: docs(workshop), prior: [{}],
      seedAfter: async (m) => {
        await makeCategory(m, 'Elsewhere');
        await m('core_course_update_courses', { courses: [{ id: 2, categoryid: 2 }] });
      },
    },
    {
      name: 'a template term marked "ignore" is ignored and nothing is sent for it',
      config: setup(), documents: docs(term('tpls', 10, 'Standard weekly course', { moodleId: 'ignore' }), workshop),
    },
    {
      name: 'a field_moodle_id of -1 is ignored with the reason',
      config: setup(), documents: docs(term('tpls', 10, 'Standard weekly course', { moodleId: '-1' })),
    },
    {
      name: 'a moodle id that finds no course is stale: nothing is sent for it',
      config: setup(), documents: docs(term('tpls', 10, 'Standard weekly course', { moodleId: '345' }), workshop),
    },
    {
      name: 'two template terms holding one moodle id both fail; the course is not written',
      config: setup(), documents: docs(term('tpls', 10, 'Standard weekly course', { moodleId: '2' }), term('tpls', 13, 'Copy', { moodleId: '2' })),
      seed: (m) => makeCourse(m, 'Standard weekly course', 'template_[10]', 'template-10'),
    },
    {
      name: 'a moodle id whose course carries another template\'s idnumber is not taken over',
      config: setup(), documents: docs(term('tpls', 13, 'Seminar', { moodleId: '2' })),
      seed: (m) => makeCourse(m, 'Standard weekly course', 'template_[10]', 'template-10'),
    },
    {
      name: 'templates and courses whose idnumber patterns give one idnumber in the course table both fail',
      config: setup({ idnumber_pattern: '{id}' }, {}, {
        courses: { bundle: 'course', idnumber_pattern: '{id}', category: { fixed: 1 }, mapping: { fullname: 'title', shortname: 'field_code' } },
      }),
      documents: [...docs(term('tpls', 10, 'Standard weekly course')), collection('node/course', [course(10, 'German A1', 'DE-A1'), course(11, 'French A1', 'FR-A1')])],
    },
    {
      name: 'a full name longer than Moodle\'s 254 characters fails that template, naming the field, while the other is created',
      config: setup(), documents: docs(term('tpls', 14, 'F'.repeat(255)), workshop),
    },
    {
      name: 'a shortname taken by a course made by hand fails that template alone: the all-or-nothing batch is split',
      config: setup(), documents: docs(weekly, workshop),
      seed: (m) => makeCourse(m, 'Hand made', 'template_[10]', ''),
    },
    {
      name: 'a dry run plans each template with a stand-in id and writes nothing',
      config: setup(), documents: docs(weekly, workshop), dryRun: true,
    },
    {
      name: 'a disabled templates component reads and writes nothing',
      config: setup({ enabled: false }), documents: docs(weekly),
    },
  ],
};
