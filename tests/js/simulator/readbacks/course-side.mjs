// Read-backs of the course-side transcripts: the recorder read state back with
// core_course_get_courses_by_field or core_course_get_categories and kept a few fields.

const BY_FIELD = /^core_course_get_courses_by_field field=(\w+) value=(.*)$/s;
const CATEGORIES = /^core_course_get_categories (\w+)=(.*) addsubcategories=([01])$/s;

/** Numbers in an id-valued criterion are recorded ids: use the simulator's. */
function mapIds(api, key, text) {
  return ['id', 'ids', 'category', 'parent'].includes(key) ? text.replace(/\d+/g, (n) => String(api.simId(Number(n)))) : text;
}

export const readbacks = [
  {
    name: 'core_course_get_courses_by_field',
    // The template read-back also describes the custom field definition; that is site configuration.
    ignoredKeys: ['field_definition'],
    match: (spec) => typeof spec.readback === 'string' && BY_FIELD.test(spec.readback),
    async read(spec, api) {
      const [, field, value] = BY_FIELD.exec(spec.readback);
      return api.call('core_course_get_courses_by_field', { field, value: mapIds(api, field, value) });
    },
  },
  {
    name: 'core_course_get_categories',
    match: (spec) => typeof spec.readback === 'string' && CATEGORIES.test(spec.readback),
    async read(spec, api) {
      const [, key, value, addsub] = CATEGORIES.exec(spec.readback);
      const categories = await api.call('core_course_get_categories', {
        criteria: [{ key, value: mapIds(api, key, value) }], addsubcategories: addsub,
      });
      return { categories };
    },
  },
];
