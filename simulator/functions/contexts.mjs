// Rows of the `contexts` table: every category and course has one, like Moodle's mdl_context. Their
// ids come from one shared sequence (people modules add user contexts to it too), and course image
// URLs and role assignments refer to them.

export const CONTEXT_LEVEL = { SYSTEM: 10, USER: 30, COURSECAT: 40, COURSE: 50, MODULE: 70, BLOCK: 80 };

export function createContext(state, contextlevel, instanceid) {
  const id = state.nextId('contexts');
  state.contexts.set(id, { id, contextlevel, instanceid });
  return id;
}

export function findContext(state, contextlevel, instanceid) {
  for (const row of state.contexts.values()) {
    if (row.contextlevel === contextlevel && row.instanceid === instanceid) return row;
  }
  return undefined;
}

export function deleteContext(state, contextlevel, instanceid) {
  const row = findContext(state, contextlevel, instanceid);
  if (row) state.contexts.delete(row.id);
  return row;
}

/** The system context is always id 1, as on every Moodle site. */
export function ensureSystemContext(state) {
  if (!state.contexts.has(1)) {
    state.contexts.set(1, { id: 1, contextlevel: CONTEXT_LEVEL.SYSTEM, instanceid: 0 });
    if (state.sequences.contexts < 1) state.sequences.contexts = 1;
  }
}
