// core_course_get_contents and core_course_get_enrolled_users_by_cmid over the simulated course
// modules (../completion/model.mjs), answering like Moodle 4.5 in completion.jsonl: each module
// carries its completion tracking and, when tracked, the CALLER's completion data (never another
// user's); the enrolled users of an activity come without any completion.

import { WARNINGS } from '../external-warnings.mjs';
import { formatString } from '../format.mjs';
import { multiple, optional, PARAM, single, value } from '../schema.mjs';
import { CONTEXT_LEVEL, findContext } from './contexts.mjs';
import { courseModuleOrFail, courseOrFail, requireCourseAccess } from '../completion/checks.mjs';
import { TRACKING, courseModules, courseSections, isTrackedUser } from '../completion/model.mjs';
import { activityStatus } from './completion.mjs';
import { fullName, profileImageUrl } from '../people/user-details.mjs';

/** What each module type shows in a course listing (its purpose, plural, and course-page custom data). */
const MODULE_TYPES = {
  forum: { purpose: 'collaboration', plural: 'Forums', customdata: () => '{"trackingtype":"1"}', badge: true },
  page: { purpose: 'content', plural: 'Pages', customdata: () => '""', files: true },
  assign: {
    purpose: 'assessment', plural: 'Assignments',
    customdata: (cm) => (cm.rules.completionsubmit ? JSON.stringify({ customcompletionrules: { completionsubmit: '1' } }) : '""'),
  },
};

function moduleAnswer(sim, cm, { callerId, tracked, settings }) {
  const { state } = sim;
  const type = MODULE_TYPES[cm.modname];
  const contextid = findContext(state, CONTEXT_LEVEL.MODULE, cm.id)?.id;
  const out = {
    id: cm.id, url: `${sim.url}/mod/${cm.modname}/view.php?id=${cm.id}`, name: formatString(cm.name, settings), instance: cm.instance,
    contextid, visible: cm.visible, uservisible: true, visibleoncoursepage: 1,
    modicon: `${sim.url}/theme/image.php/boost/${cm.modname}/${sim.config.themeRevision}/monologo?filtericon=1`,
    modname: cm.modname, purpose: type.purpose, branded: false, modplural: type.plural, availability: null, indent: 0,
    onclick: '', afterlink: null, activitybadge: type.badge ? [] : undefined, customdata: type.customdata(cm), noviewlink: false,
    completion: cm.completion, downloadcontent: 1, dates: [], groupmode: 0,
  };
  if (cm.completion !== TRACKING.NONE) {
    const status = activityStatus(state, cm, callerId, tracked);
    out.completiondata = Object.fromEntries(Object.entries(status).filter(([key]) => !['cmid', 'modname', 'instance', 'tracking'].includes(key)));
  }
  if (type.files) {
    out.contents = [{
      type: 'file', filename: 'index.html', filepath: '/', filesize: 0,
      fileurl: `${sim.url}/webservice/pluginfile.php/${contextid}/mod_page/content/index.html?forcedownload=1`,
      timecreated: null, timemodified: cm.added, sortorder: 1, userid: null, author: null, license: null,
    }];
    out.contentsinfo = { filescount: 1, filessize: 0, lastmodified: cm.added, mimetypes: [], repositorytype: '' };
  }
  return out;
}

function getContents(sim, { courseid }, ctx) {
  const { state } = sim;
  const course = courseOrFail(state, courseid);
  requireCourseAccess(state, ctx, course.id);
  const callerId = ctx.caller.userid;
  const tracked = isTrackedUser(state, course.id, callerId, ctx.now());
  const modules = courseModules(state, course.id);
  return courseSections(state, course.id).map((section) => ({
    id: section.id, name: section.name ?? (section.section === 0 ? 'General' : 'New section'), visible: 1, summary: '', summaryformat: 1,
    section: section.section, hiddenbynumsections: 0, uservisible: true, component: null, itemid: null,
    modules: modules.filter((cm) => cm.sectionid === section.id).map((cm) => moduleAnswer(sim, cm, { callerId, tracked, settings: ctx.settings })),
  }));
}

/** Users with an enrolment in the activity's course (suspended ones too; deleted ones never). */
function getEnrolledUsersByCmid(sim, { cmid }, ctx) {
  const { state } = sim;
  const cm = courseModuleOrFail(state, cmid);
  requireCourseAccess(state, ctx, cm.course);
  const instances = new Set([...state.enrolInstances.values()].filter((i) => i.courseid === cm.course).map((i) => i.id));
  const ids = new Set([...state.userEnrolments.values()].filter((ue) => instances.has(ue.enrolid)).map((ue) => ue.userid));
  const users = [...ids].map((id) => state.users.get(id)).filter((u) => u && !u.deleted).sort((a, b) => a.id - b.id);
  return {
    users: users.map((u) => ({ id: u.id, profileimage: profileImageUrl(sim, 'f1'), fullname: fullName(u), firstname: u.firstname, lastname: u.lastname })),
    warnings: [],
  };
}

const COMPLETION_DATA = single({
  state: value(PARAM.INT), timecompleted: value(PARAM.INT), overrideby: value(PARAM.INT), valueused: value(PARAM.BOOL),
  hascompletion: value(PARAM.BOOL), isautomatic: value(PARAM.BOOL), istrackeduser: value(PARAM.BOOL), uservisible: value(PARAM.BOOL),
  details: multiple(single({ rulename: value(PARAM.TEXT), rulevalue: single({ status: value(PARAM.INT), description: value(PARAM.TEXT) }) })),
  isoverallcomplete: value(PARAM.BOOL),
}, { required: false });

const MODULE = single({
  id: value(PARAM.INT), url: optional(PARAM.URL), name: value(PARAM.RAW), instance: optional(PARAM.INT), contextid: optional(PARAM.INT),
  visible: optional(PARAM.INT), uservisible: optional(PARAM.BOOL), visibleoncoursepage: optional(PARAM.INT), modicon: value(PARAM.URL),
  modname: value(PARAM.PLUGIN), purpose: value(PARAM.ALPHA), branded: optional(PARAM.BOOL), modplural: value(PARAM.TEXT),
  availability: optional(PARAM.RAW), indent: value(PARAM.INT), onclick: optional(PARAM.RAW), afterlink: optional(PARAM.RAW),
  activitybadge: multiple(single({ badgecontent: optional(PARAM.TEXT) }), { required: false }), customdata: optional(PARAM.RAW),
  noviewlink: optional(PARAM.BOOL), completion: optional(PARAM.INT), completiondata: COMPLETION_DATA,
  downloadcontent: optional(PARAM.INT), dates: multiple(single({ label: value(PARAM.TEXT), timestamp: value(PARAM.INT) }), { required: false }),
  groupmode: optional(PARAM.INT),
  contents: multiple(single({
    type: value(PARAM.TEXT), filename: value(PARAM.RAW), filepath: value(PARAM.RAW), filesize: value(PARAM.INT),
    fileurl: optional(PARAM.URL), timecreated: optional(PARAM.INT), timemodified: value(PARAM.INT), sortorder: value(PARAM.INT),
    userid: value(PARAM.INT), author: value(PARAM.TEXT), license: value(PARAM.TEXT),
  }), { required: false }),
  contentsinfo: single({
    filescount: value(PARAM.INT), filessize: value(PARAM.INT), lastmodified: value(PARAM.INT),
    mimetypes: multiple(value(PARAM.RAW)), repositorytype: optional(PARAM.PLUGIN),
  }, { required: false }),
});

export const functions = {
  core_course_get_contents: {
    params: {
      courseid: value(PARAM.INT),
      options: multiple(single({ name: value(PARAM.ALPHANUM), value: value(PARAM.RAW) }), { default: [] }),
    },
    returns: multiple(single({
      id: value(PARAM.INT), name: value(PARAM.RAW), visible: optional(PARAM.INT), summary: value(PARAM.RAW),
      summaryformat: value(PARAM.INT), section: optional(PARAM.INT), hiddenbynumsections: optional(PARAM.INT),
      uservisible: optional(PARAM.BOOL), component: optional(PARAM.COMPONENT), itemid: optional(PARAM.INT),
      modules: multiple(MODULE),
    })),
    readOnly: true,
    run: getContents,
  },
  core_course_get_enrolled_users_by_cmid: {
    params: { cmid: value(PARAM.INT), groupid: value(PARAM.INT, { default: 0 }), onlyactive: value(PARAM.BOOL, { default: false }) },
    returns: single({
      users: multiple(single({ id: value(PARAM.INT), profileimage: value(PARAM.URL), fullname: value(PARAM.TEXT),
        firstname: value(PARAM.TEXT), lastname: value(PARAM.TEXT) })),
      warnings: WARNINGS,
    }),
    readOnly: true,
    run: getEnrolledUsersByCmid,
  },
};
