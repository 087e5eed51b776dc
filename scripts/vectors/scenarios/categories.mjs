// Categories: terms of one vocabulary -> Moodle course categories, parents first.
import { collection, config, find, formatted, term } from '../export-builders.mjs';

const T = 'taxonomy_term--cats';
const setup = (extra = {}, moodle = {}) => config({ categories: { vocabulary: 'cats', idnumber_pattern: 'cat-{id}', ...extra } }, moodle);
const docs = (...terms) => [collection('taxonomy_term/cats', terms)];
const makeCategory = (moodle, name, idnumber, parent = 0) => moodle('core_course_create_categories', { categories: [{ name, parent, idnumber }] });

const languages = term('cats', 1, 'Languages', { attributes: { field_description: formatted('<p>Every language course.</p>') } });
const german = term('cats', 2, 'German', { parent: languages });
const grammar = term('cats', 3, 'Grammar', { parent: german });
const science = term('cats', 4, 'Science');

export default {
  name: 'component_categories.json',
  about: 'Categories: terms -> course categories (name, description, parent, idnumber); replay_engine against answers recorded from the Moodle simulator.',
  scenarios: [
    {
      name: 'a new term creates its category with name, description and idnumber at the top level',
      config: setup(), documents: docs(languages),
    },
    {
      name: 'a category whose parent has no moodle id yet waits and is created after it',
      config: setup(), documents: docs(german, languages),
    },
    {
      name: 'a three-level tree is created one level per call, each under the id its parent was given',
      config: setup(), documents: docs(grammar, german, languages),
    },
    {
      name: 'sibling terms without a parent are created in one call',
      config: setup(), documents: docs(languages, science),
    },
    {
      name: 'a category found by its idnumber is adopted, not created, and nothing equal is sent',
      config: setup({ mapping: { name: 'name' } }), documents: docs(science),
      seed: (m) => makeCategory(m, 'Science', 'cat-4'),
    },
    {
      name: 'an adopted category with another name is updated with the name only',
      config: setup({ mapping: { name: 'name' } }), documents: docs(science),
      seed: (m) => makeCategory(m, 'Sciences (old)', 'cat-4'),
    },
    {
      name: 'a second sync with nothing changed reads and writes nothing',
      config: setup(), documents: docs(grammar, german, languages), prior: [{}],
    },
    {
      name: 'a renamed term updates only the name of its category',
      config: setup(), documents: docs(german, languages), prior: [{}],
      edit: (d) => { find(d, T, 2).attributes.name = 'Deutsch'; },
    },
    {
      name: 'a changed description updates only the description',
      config: setup(), documents: docs(languages), prior: [{}],
      edit: (d) => { find(d, T, 1).attributes.field_description = formatted('<p>Courses in eight languages.</p>'); },
    },
    {
      name: 'a term given a new parent moves its category, sending only the parent',
      config: setup(), documents: docs(languages, science, german), prior: [{}],
      edit: (d) => { find(d, T, 2).relationships.parent.data = [{ type: T, id: science.id, meta: { drupal_internal__target_id: 4 } }]; },
    },
    {
      name: 'a term that loses its parent moves its category to the top level (parent 0)',
      config: setup(), documents: docs(languages, german), prior: [{}],
      edit: (d) => { find(d, T, 2).relationships.parent.data = []; },
    },
    {
      name: 'a term whose field_moodle_id is "ignore" is ignored, and its child term fails naming the parent',
      config: setup(), documents: docs(term('cats', 1, 'Languages', { moodleId: 'ignore' }), german),
    },
    {
      name: 'a field_moodle_id that is not a number (12abc) is ignored with the reason, nothing is sent for it',
      config: setup(), documents: docs(term('cats', 4, 'Science', { moodleId: '12abc' }), languages),
    },
    {
      name: 'a moodle id that finds no category is stale, and its child is skipped naming it as the cause',
      config: setup(), documents: docs(term('cats', 1, 'Languages', { moodleId: '77' }), german),
    },
    {
      name: 'two terms holding one moodle id (a copied field_moodle_id) both fail and the category is not written',
      config: setup({ mapping: { name: 'name' } }),
      documents: docs(term('cats', 1, 'Languages', { moodleId: '2' }), term('cats', 5, 'Languages copy', { moodleId: '2' }), science),
      seed: (m) => makeCategory(m, 'Languages', 'cat-1'),
    },
    {
      name: 'a moodle id whose category carries another term\'s idnumber is not taken over',
      config: setup({ mapping: { name: 'name' } }),
      documents: docs(term('cats', 5, 'Physics', { moodleId: '2' }), term('cats', 4, 'Science')),
      seed: (m) => makeCategory(m, 'Science', 'cat-4'),
    },
    {
      name: 'a moodle id whose category has an idnumber of another scheme is taken over and given the term\'s idnumber',
      config: setup({ mapping: { name: 'name' } }),
      documents: docs(term('cats', 4, 'Science', { moodleId: '2' })),
      seed: (m) => makeCategory(m, 'Science', 'SCI-2019'),
    },
    {
      name: 'a name longer than Moodle\'s 255 characters fails that term, naming the field, while the others sync',
      config: setup(), documents: docs(term('cats', 6, 'N'.repeat(256)), languages),
    },
    {
      name: 'an empty name fails that term as a required field, while the others sync',
      config: setup(), documents: docs(term('cats', 6, ''), science),
    },
    {
      name: 'a name with < > is sent with them entity-encoded (Moodle refuses a name that tag-stripping would change)',
      config: setup(), documents: docs(term('cats', 7, 'R&D <Lab> & Co')),
    },
    {
      name: 'a name with < > & that Moodle answers escaped reads as unchanged on the next sync',
      config: setup(), documents: docs(term('cats', 7, 'R&D <Lab> & Co')), prior: [{}],
    },
    {
      name: 'the idnumber_pattern option: {bundle}-{id} makes the idnumber from the vocabulary and the term id',
      config: setup({ idnumber_pattern: '{bundle}-{id}' }), documents: docs(science),
    },
    {
      name: 'an idnumber_pattern without {id} is refused before anything is read',
      config: setup({ idnumber_pattern: 'term-{uuid}' }), documents: docs(science), refused: true,
    },
    {
      name: 'a mapped constant theme is sent on create',
      config: setup({ mapping: { name: 'name', theme: { value: 'boost' } } }), documents: docs(science),
    },
    {
      name: 'max_batch_items 1: siblings are created one call each',
      config: setup({}, { max_batch_items: 1 }), documents: docs(languages, science),
    },
    {
      name: 'a dry run plans the parent and its child with stand-in ids and writes nothing',
      config: setup(), documents: docs(german, languages), dryRun: true,
    },
    {
      name: 'a disabled component reads and writes no category',
      config: setup({ enabled: false }), documents: docs(languages),
    },
    {
      name: 'a category made by hand with the same idnumber between the read and the create fails alone; the batch is split and the other is created',
      config: setup(), documents: docs(languages, science),
      beforeCall: { 2: (m) => makeCategory(m, 'Science by hand', 'cat-4') },
    },
  ],
};
