// Reads the real Moodle back after a sync and lists every way it differs from the export: each
// object and field (expectedState against comparableState), and each moodle id written back to
// the export that is not the id of the object Moodle holds for that entity.
import { lab, moodle } from './lab.mjs';
import { nameState, readRaw, stateDifferences } from './moodle-state.mjs';
import { comparableState, expectedState } from './expected-state.mjs';

const ID_OWNERS = {
  'taxonomy_term--course_categories': ['categories', (a) => `category-${a.drupal_internal__tid}`],
  'taxonomy_term--course_templates': ['courses', (a) => `template-${a.drupal_internal__tid}`],
  'node--course': ['courses', (a) => `course-${a.drupal_internal__nid}`],
  'user--user': ['users', (a) => `user-${a.drupal_internal__uid}`],
  'taxonomy_term--groups': ['cohorts', (a) => `group-${a.drupal_internal__tid}`],
};

/** Lines naming each entity whose field_moodle_id is not the id of its Moodle object. */
function idDifferences(resources, raw) {
  const lines = [];
  for (const [type, [part, idnumberOf]] of Object.entries(ID_OWNERS)) {
    const byIdnumber = new Map(raw[part].filter((o) => o.idnumber).map((o) => [o.idnumber, o.id]));
    for (const r of resources.get(type)?.values() ?? []) {
      const idnumber = idnumberOf(r.attributes);
      const id = byIdnumber.get(idnumber);
      const value = String(r.attributes.field_moodle_id ?? '');
      if (id === undefined || (value !== '' && !/^[1-9]\d*$/.test(value))) continue;  // absent (named by stateDifferences) or ignored
      if (String(r.attributes.field_moodle_id) !== String(id)) {
        lines.push(`${type} ${idnumber}: field_moodle_id ${JSON.stringify(r.attributes.field_moodle_id)}, Moodle id ${id}`);
      }
    }
  }
  return lines;
}

/**
 * Compares the real Moodle with the export of `folder`. Resolves to `{ differences, expected }`:
 * `differences` is empty when every object and every written-back id is right.
 */
export async function moodleAgainstExport(folder, { stale = [], previous } = {}) {
  const raw = await readRaw(moodle);
  const named = nameState(raw, lab.url);
  const category1 = raw.categories.find((c) => c.id === 1);
  const resources = await folder.resources();
  const expected = expectedState(resources, { fixedCategoryKey: `category ${category1.idnumber || category1.name}`, stale, previous });
  const differences = [
    ...stateDifferences(expected, comparableState(named), { labels: ['export', 'Moodle'] }),
    ...idDifferences(resources, raw),
  ];
  return { differences, expected, named };
}
