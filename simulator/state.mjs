// The simulated site's data: the tables the implemented functions read and write, with Moodle's
// id sequences (a rolled-back insert still consumes its id, as PostgreSQL sequences do).
//
// Every table is a Map keyed by id. Records are plain objects so that the whole state can be saved
// to a JSON file (`--state FILE`) and loaded back.

const TABLES = ['categories', 'courses', 'users', 'cohorts', 'cohortMembers', 'enrolInstances',
  'userEnrolments', 'roleAssignments', 'userPreferences', 'contexts',
  // Completion (simulator/completion/): course modules, criteria and what users completed; custom
  // reports and their per-user filters; tokens made for users (a student's own token).
  'courseSections', 'courseModules', 'completionCriteria', 'completionAggregations', 'moduleCompletions', 'assignSubmissions',
  'criteriaCompletions', 'courseCompletions', 'reports', 'reportFilters', 'externalTokens'];

export const ROLES = [
  { id: 1, shortname: 'manager', archetype: 'manager', assignable: ['system', 'coursecat', 'course'] },
  { id: 2, shortname: 'coursecreator', archetype: 'coursecreator', assignable: ['system', 'coursecat'] },
  { id: 3, shortname: 'editingteacher', archetype: 'editingteacher', assignable: ['course', 'module'] },
  { id: 4, shortname: 'teacher', archetype: 'teacher', assignable: ['course', 'module'] },
  { id: 5, shortname: 'student', archetype: 'student', assignable: ['course', 'module'] },
  { id: 6, shortname: 'guest', archetype: 'guest', assignable: [] },
  { id: 7, shortname: 'user', archetype: 'user', assignable: [] },
  { id: 8, shortname: 'frontpage', archetype: 'frontpage', assignable: [] },
];

function copyData(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(copyData);
  const out = {};
  for (const key of Object.keys(v)) out[key] = copyData(v[key]);
  return out;
}

export class SimState {
  constructor() {
    for (const t of TABLES) this[t] = new Map();
    this.sequences = Object.fromEntries(TABLES.map((t) => [t, 0]));
  }

  /** Next id of a table's sequence; consumed even if the caller's transaction later rolls back. */
  nextId(table) {
    this.sequences[table] += 1;
    return this.sequences[table];
  }

  /** Runs `fn` as one database transaction: on a throw every table is restored, sequences are not. */
  transaction(fn) {
    const snapshot = this.snapshotTables();
    try {
      return fn();
    } catch (e) {
      this.restoreTables(snapshot);
      throw e;
    }
  }

  snapshotTables() {
    // Records are plain JSON data (they are saved as JSON), so a plain recursive copy is enough,
    // and about twice as fast as structuredClone on big sites.
    return Object.fromEntries(TABLES.map((t) => {
      const copy = new Map();
      for (const [k, v] of this[t]) copy.set(k, copyData(v));
      return [t, copy];
    }));
  }

  restoreTables(snapshot) {
    for (const t of TABLES) this[t] = snapshot[t];
  }

  toJSON() {
    return {
      sequences: this.sequences,
      tables: Object.fromEntries(TABLES.map((t) => [t, [...this[t].values()]])),
    };
  }

  static fromJSON(data) {
    const s = new SimState();
    s.sequences = { ...s.sequences, ...data.sequences };
    for (const t of TABLES) {
      for (const rec of data.tables?.[t] ?? []) s[t].set(rec.id, rec);
    }
    return s;
  }
}
