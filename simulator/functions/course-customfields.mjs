// Course custom fields (core_customfield, component core_course). The recorded site had one text field,
// `labdept`; the simulator also defines `level` by default, the field the project maps to. Values live
// in the course row under `customfields` ({ shortname: raw value }).

import { formatString } from '../format.mjs';

export const DEFAULT_COURSE_CUSTOM_FIELDS = [
  { shortname: 'labdept', name: 'Department', type: 'text', category: 'Lab fields', visibility: 2 },
  { shortname: 'level', name: 'Level', type: 'text', category: 'Lab fields', visibility: 2 },
];

/** Applies `customfields[i]{shortname, value}`; unknown shortnames are ignored silently, as Moodle does. */
export function applyCustomFields(site, course, items) {
  if (!items?.length) return;
  const known = new Set(site.config.courseCustomFields.map((f) => f.shortname));
  course.customfields ??= {};
  for (const { shortname, value } of items) {
    if (known.has(shortname)) course.customfields[shortname] = value;
  }
}

/** export_instance_data(): every field, with `value` null when there is no data. */
export function exportCustomFields(site, course, settings) {
  return site.config.courseCustomFields.map((field) => {
    const raw = course.customfields?.[field.shortname];
    const empty = raw === undefined || raw === null || raw === '';
    return {
      name: formatString(field.name, settings),
      shortname: field.shortname,
      type: field.type,
      valueraw: empty ? '' : raw,
      value: empty ? null : formatString(raw, settings),
    };
  });
}
