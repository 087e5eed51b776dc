// Which standard roles (by archetype) hold a capability, for get_enrolled_users' `withcapability`.
// Only the capabilities a sync or its tests are likely to ask about; any other one is held by no role.

import { ROLES } from '../state.mjs';

const TEACHING = ['manager', 'editingteacher', 'teacher'];
const EDITING = ['manager', 'editingteacher'];

const CAPABILITY_ARCHETYPES = {
  'moodle/course:update': EDITING,
  'moodle/course:manageactivities': EDITING,
  'moodle/course:enrolreview': EDITING,
  'moodle/role:assign': EDITING,
  'moodle/course:viewhiddencourses': ['manager', 'coursecreator', 'editingteacher', 'teacher'],
  'moodle/course:viewparticipants': [...TEACHING, 'student'],
  'moodle/grade:viewall': TEACHING,
  'moodle/grade:edit': EDITING,
  'moodle/course:markcomplete': TEACHING,
  'moodle/site:accessallgroups': TEACHING,
  'moodle/course:isincompletionreports': ['student'],
  'moodle/grade:view': ['student'],
  'mod/assign:submit': ['student'],
  'mod/quiz:attempt': ['student'],
};

export function rolesWithCapability(capability) {
  const archetypes = CAPABILITY_ARCHETYPES[capability] ?? [];
  return new Set(ROLES.filter((r) => archetypes.includes(r.archetype)).map((r) => r.id));
}
