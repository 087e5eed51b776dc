// Synthetic Drupal exports of any size: categories and courses with the example's field names.
const SITE = 'https://learn.northfield.example';

const uuid = (kind, n) => `00000000-0000-4000-8000-${kind}${String(n).padStart(11, '0')}`;

export function categoryTerm(tid, name, parentTid) {
  return {
    type: 'taxonomy_term--course_categories', id: uuid('c', tid),
    attributes: { drupal_internal__tid: tid, name, field_description: { value: `<p>${name}</p>`, processed: `<p>${name}</p>` }, field_moodle_id: '' },
    relationships: { parent: { data: parentTid ? [{ type: 'taxonomy_term--course_categories', id: uuid('c', parentTid) }] : [] } },
  };
}

export function courseNode(nid, tid, overrides = {}) {
  return {
    type: 'node--course', id: uuid('n', nid),
    attributes: {
      drupal_internal__nid: nid, title: `Kurs ${nid} — Übung & Praxis`, field_code: `K-${nid}`,
      body: { value: `<p>Kurs ${nid}</p>`, processed: `<p>Kurs ${nid}</p>` },
      field_start_date: '2027-01-11T09:00:00+01:00', field_end_date: null, field_published: true,
      field_level: null, field_moodle_id: '', ...overrides,
    },
    relationships: { field_category: { data: { type: 'taxonomy_term--course_categories', id: uuid('c', tid) } }, field_template: { data: null } },
  };
}

/** `{ 'course_categories.json', 'courses.json' }` documents: courses spread over the categories. */
export function generatedExport({ categories, courses, editCourse = () => {} }) {
  const terms = Array.from({ length: categories }, (_, i) => categoryTerm(i + 1, `Bereich ${i + 1}`));
  const nodes = Array.from({ length: courses }, (_, i) => {
    const node = courseNode(1000 + i, 1 + (i % categories));
    editCourse(node, i);
    return node;
  });
  const doc = (collection, data) => ({ data, links: { self: { href: `${SITE}/jsonapi/${collection}` } } });
  return {
    'course_categories.json': doc('taxonomy_term/course_categories', terms),
    'courses.json': doc('node/course', nodes),
  };
}

/** The example configuration without templates and with a chosen budget. */
export function generatedConfig(base, { maxInputVars = 5000, maxBatchItems = 100 } = {}) {
  delete base.components.templates;
  delete base.components.courses.template_field;
  base.moodle.max_input_vars = maxInputVars;
  base.moodle.max_batch_items = maxBatchItems;
  return base;
}
