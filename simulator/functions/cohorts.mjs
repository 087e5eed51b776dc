// core_cohort_*: site and category cohorts and their members, as the recorded Moodle 4.5 does it
// (rules in the transcripts' README-people.md, "Cohorts").

import { codingError, invalidParameter, missingRecord, requireCapability } from '../errors.mjs';
import { PARAM, value, optional, withDefault, single, multiple } from '../schema.mjs';
import { CONTEXT_LEVEL, contextFromParams, validateContext, parentContexts } from '../people/contexts.mjs';
import {
  contextOfCategoryType, cohortContext, validFormat, cohortAnswer, findCohortBy, isMember, byNameThenIdnumber,
} from '../people/cohort-records.mjs';
import { FORMAT, formatText } from '../format.mjs';
import { containsIgnoringCase } from '../people/sql-like.mjs';
import { liveUser } from '../people/user-records.mjs';
import { COHORT_DESCRIPTION, WARNINGS } from '../people/return-descriptions.mjs';

const MANAGE = 'Create, delete and move cohorts';
const ASSIGN = 'Add and remove cohort members';
const VIEW = 'View site-wide cohorts';

const CATEGORYTYPE = single({ type: value(PARAM.TEXT), value: value(PARAM.RAW) });
const CUSTOMFIELDS = multiple(single({ shortname: value(PARAM.ALPHANUMEXT), value: value(PARAM.RAW) }), { required: false });
const COHORT_FIELDS = {
  categorytype: CATEGORYTYPE,
  name: value(PARAM.RAW),
  idnumber: value(PARAM.RAW),
  description: optional(PARAM.RAW),
  descriptionformat: withDefault(PARAM.INT, FORMAT.HTML),
  visible: optional(PARAM.BOOL),
  theme: optional(PARAM.THEME),
  customfields: CUSTOMFIELDS,
};

export const functions = {
  core_cohort_create_cohorts: {
    params: { cohorts: multiple(single(COHORT_FIELDS)) },
    returns: multiple(COHORT_DESCRIPTION),
    run(sim, { cohorts }, ctx) {
      return sim.state.transaction(() => cohorts.map((cohort) => createCohort(sim.state, cohort, ctx)));
    },
  },

  core_cohort_update_cohorts: {
    params: { cohorts: multiple(single({ id: value(PARAM.INT), ...COHORT_FIELDS })) },
    returns: null,
    run(sim, { cohorts }, ctx) {
      sim.state.transaction(() => cohorts.forEach((cohort) => updateCohort(sim.state, cohort, ctx)));
      return undefined;
    },
  },

  core_cohort_delete_cohorts: {
    params: { cohortids: multiple(value(PARAM.INT)) },
    returns: null,
    run(sim, { cohortids }, ctx) {
      const { state } = sim;
      state.transaction(() => {
        for (const id of cohortids) {
          const cohort = existingCohort(state, id);
          cohortContext(state, cohort);
          requireCapability(ctx, MANAGE);
          state.cohorts.delete(id);
          for (const [mid, m] of state.cohortMembers) if (m.cohortid === id) state.cohortMembers.delete(mid);
        }
      });
      return undefined;
    },
  },

  core_cohort_add_cohort_members: {
    params: {
      members: multiple(single({
        cohorttype: single({ type: value(PARAM.ALPHANUMEXT), value: value(PARAM.RAW) }),
        usertype: single({ type: value(PARAM.ALPHANUMEXT), value: value(PARAM.RAW) }),
      })),
    },
    returns: single({ warnings: WARNINGS }),
    run(sim, { members }, ctx) {
      const { state } = sim;
      // Bad items become warnings and the good ones are still added; only a missing capability
      // aborts (and rolls back) the call.
      return state.transaction(() => {
        const warnings = [];
        for (const { cohorttype, usertype } of members) {
          const problem = memberProblem(state, cohorttype, usertype);
          if (problem.warning) {
            warnings.push(problem.warning);
            continue;
          }
          cohortContext(state, problem.cohort);
          requireCapability(ctx, ASSIGN);
          addMember(state, problem.cohort.id, problem.user.id, ctx.now());
        }
        return { warnings };
      });
    },
  },

  core_cohort_delete_cohort_members: {
    params: { members: multiple(single({ cohortid: value(PARAM.INT), userid: value(PARAM.INT) })) },
    returns: null,
    run(sim, { members }, ctx) {
      const { state } = sim;
      state.transaction(() => {
        for (const { cohortid, userid } of members) {
          const cohort = existingCohort(state, cohortid);
          if (!liveUser(state, userid)) throw missingRecord('user');
          cohortContext(state, cohort);
          requireCapability(ctx, ASSIGN);
          for (const [id, m] of state.cohortMembers) {
            if (m.cohortid === cohortid && m.userid === userid) state.cohortMembers.delete(id);
          }
        }
      });
      return undefined;
    },
  },

  core_cohort_get_cohort_members: {
    params: { cohortids: multiple(value(PARAM.INT)) },
    returns: multiple(single({ cohortid: value(PARAM.INT), userids: multiple(value(PARAM.INT)) })),
    run(sim, { cohortids }, ctx) {
      const { state } = sim;
      return cohortids.map((cohortid) => {
        const cohort = existingCohort(state, cohortid);
        cohortContext(state, cohort);
        requireCapability(ctx, VIEW);
        const users = [...state.cohortMembers.values()].filter((m) => m.cohortid === cohortid)
          .map((m) => state.users.get(m.userid)).filter(Boolean);
        // SELECT u.id ... ORDER BY lastname ASC, firstname ASC
        users.sort((a, b) => a.lastname.localeCompare(b.lastname, 'en') || a.firstname.localeCompare(b.firstname, 'en')
          || a.id - b.id);
        return { cohortid, userids: users.map((u) => u.id) };
      });
    },
  },

  core_cohort_get_cohorts: {
    params: { cohortids: multiple(value(PARAM.INT), { default: [] }) },
    returns: multiple(COHORT_DESCRIPTION),
    run(sim, { cohortids }, ctx) {
      const { state } = sim;
      // Unknown ids are left out silently; no ids means every cohort of the site.
      const cohorts = cohortids.length
        ? [...new Set(cohortids)].map((id) => state.cohorts.get(id)).filter(Boolean)
        : [...state.cohorts.values()].sort((a, b) => a.id - b.id);
      return cohorts.map((cohort) => {
        cohortContext(state, cohort);
        requireCapability(ctx, VIEW);
        return cohortAnswer(cohort, ctx.settings);
      });
    },
  },

  core_cohort_search_cohorts: {
    params: {
      query: value(PARAM.RAW),
      context: single({ contextid: optional(PARAM.INT), contextlevel: optional(PARAM.ALPHA), instanceid: optional(PARAM.INT) }),
      includes: withDefault(PARAM.ALPHA, 'parents'),
      limitfrom: withDefault(PARAM.INT, 0),
      limitnum: withDefault(PARAM.INT, 25),
    },
    returns: single({ cohorts: multiple(COHORT_DESCRIPTION) }),
    run(sim, { query, context: contextParams, includes, limitfrom, limitnum }, ctx) {
      const { state } = sim;
      const context = contextFromParams(state, contextParams);
      validateContext(ctx, context);
      requireCapability(ctx, VIEW);
      const page = (list) => list.sort(byNameThenIdnumber).slice(limitfrom, limitnum > 0 ? limitfrom + limitnum : undefined);
      const matching = (contextids) => [...state.cohorts.values()]
        .filter((c) => contextids.includes(c.contextid) && matchesQuery(c, query));
      let cohorts;
      if (includes === 'self' || includes === 'parents') {
        cohorts = page(matching([context.id])).map((c) => cohortAnswer(c, ctx.settings));
        if (includes === 'parents' && context.contextlevel !== CONTEXT_LEVEL.system) {
          // cohort_get_available_cohorts() reads only id, name, idnumber and visible: the answer
          // formats an empty plain-text description (which keeps format 2) and has no theme.
          const parents = parentContexts(state, context).map((c) => c.id);
          const [description, descriptionformat] = formatText('', FORMAT.PLAIN, ctx.settings);
          cohorts.push(...page(matching(parents)).map((c) => ({ id: c.id, name: c.name, idnumber: c.idnumber,
            description, descriptionformat, visible: Boolean(c.visible), customfields: [] })));
        }
      } else if (includes === 'all') {
        cohorts = page([...state.cohorts.values()].filter((c) => matchesQuery(c, query)))
          .map((c) => cohortAnswer(c, ctx.settings));
      } else {
        throw codingError("Invalid parameter value for 'includes'.");
      }
      return { cohorts };
    },
  },
};

function createCohort(state, cohort, ctx) {
  const context = contextOfCategoryType(state, cohort.categorytype);
  if ([...state.cohorts.values()].some((c) => c.idnumber === cohort.idnumber)) {
    throw invalidParameter(`record already exists: idnumber=${cohort.idnumber}`);
  }
  validateContext(ctx, context);
  requireCapability(ctx, MANAGE);
  const descriptionformat = validFormat(cohort.descriptionformat);
  const now = ctx.now();
  const record = {
    id: state.nextId('cohorts'),
    contextid: context.id,
    name: cohort.name,
    idnumber: cohort.idnumber,
    description: cohort.description ?? '',
    descriptionformat,
    visible: cohort.visible === undefined ? 1 : Number(cohort.visible),
    component: '',
    theme: '', // cohort themes are off on the recorded site (allowcohortthemes=0)
    timecreated: now,
    timemodified: now,
  };
  state.cohorts.set(record.id, record);
  const [description, format] = formatText(record.description, record.descriptionformat, ctx.settings);
  return { id: record.id, name: record.name, idnumber: record.idnumber, description, descriptionformat: format,
    visible: Boolean(record.visible), theme: record.theme };
}

function updateCohort(state, cohort, ctx) {
  if (cohort.name.trim() === '') throw invalidParameter('Invalid cohort name');
  const existing = existingCohort(state, cohort.id);
  requireCapability(ctx, MANAGE);
  const context = contextOfCategoryType(state, cohort.categorytype);
  if (context.id !== existing.contextid) {
    validateContext(ctx, context);
    requireCapability(ctx, MANAGE);
  }
  // The idnumber is not checked for uniqueness here (unlike create). descriptionformat has a
  // default, so leaving it out resets the stored format to HTML.
  if (cohort.description) validFormat(cohort.descriptionformat);
  Object.assign(existing, {
    contextid: context.id,
    name: cohort.name,
    idnumber: cohort.idnumber,
    descriptionformat: cohort.descriptionformat,
    timemodified: ctx.now(),
  });
  if (cohort.description !== undefined) existing.description = cohort.description;
  if (cohort.visible !== undefined) existing.visible = Number(cohort.visible);
}

/** What stops one add_cohort_members item, as a warning; else the cohort and user it names. */
function memberProblem(state, cohorttype, usertype) {
  const warn = (warningcode, message) => ({ warning: { warningcode, message } });
  if (cohorttype.type !== 'id' && cohorttype.type !== 'idnumber') {
    return warn('1', `invalid parameter: cohortype=${cohorttype.type}`);
  }
  if (usertype.type !== 'id' && usertype.type !== 'username') {
    return warn('1', `invalid parameter: usertype=${usertype.type}`);
  }
  const cohort = findCohortBy(state, cohorttype.type, cohorttype.value);
  if (!cohort) return warn('2', `cohort ${cohorttype.type}=${cohorttype.value} not exists`);
  const user = [...state.users.values()].sort((a, b) => a.id - b.id).find((u) => !u.deleted
    && (usertype.type === 'id' ? /^\d+$/.test(usertype.value) && u.id === Number(usertype.value)
      : u.username === usertype.value));
  if (!user) return warn('2', `user ${usertype.type}=${usertype.value} not exists`);
  if (isMember(state, cohort.id, user.id)) {
    return warn('3', `record already exists: cohort(${cohorttype.type}=${cohorttype.value} ${usertype.type}=${usertype.value})`);
  }
  return { cohort, user };
}

function addMember(state, cohortid, userid, now) {
  const id = state.nextId('cohortMembers');
  state.cohortMembers.set(id, { id, cohortid, userid, timeadded: now });
}

function existingCohort(state, id) {
  const cohort = state.cohorts.get(id);
  if (!cohort) throw missingRecord('cohort');
  return cohort;
}

/** cohort_get_cohorts(): '%' . sql_like_escape($query) . '%' on name, idnumber and description. */
function matchesQuery(cohort, query) {
  return !query || [cohort.name, cohort.idnumber, cohort.description].some((text) => containsIgnoringCase(text, query));
}
