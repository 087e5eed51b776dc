// core_reportbuilder_list_reports / retrieve_report / set_filters for the custom reports of
// ../completion/reports.mjs, answering like Moodle 4.5 in completion.jsonl (report-*). The audience
// of a report is the site administrators (who build it); anyone else gets errorreportview.

import { MoodleError, invalidParameter } from '../errors.mjs';
import { WARNINGS } from '../external-warnings.mjs';
import { multiple, PARAM, single, value } from '../schema.mjs';
import { fullName, profileImageUrl } from '../people/user-details.mjs';
import {
  PARTICIPANTS_SOURCE_NAME, filterValuesOf, reportHeaders, reportRows, setFilterValues,
} from '../completion/reports.mjs';
import { userTimeZone } from '../completion/user-date.mjs';

function reportOrFail(state, reportid) {
  const report = state.reports.get(reportid);
  if (!report) {
    throw new MoodleError('dml_missing_record_exception', 'invalidrecord', "Can't find data record in database table reportbuilder_report.",
      `SELECT * FROM {reportbuilder_report} WHERE id = ? [array ( 0 => ${reportid}, )]`);
  }
  return report;
}

function requireReportView(ctx) {
  if (!ctx.caller.hasCapabilities) {
    throw new MoodleError('core_reportbuilder\\exception\\report_access_exception', 'errorreportview', 'You cannot view this report');
  }
}

function userSummary(sim, user) {
  return {
    id: user.id, email: user.email, idnumber: user.idnumber ?? '', phone1: user.phone1 ?? '', phone2: user.phone2 ?? '',
    department: user.department ?? '', institution: user.institution ?? '', fullname: fullName(user), identity: user.email,
    profileurl: `${sim.url}/user/profile.php?id=${user.id}`, profileimageurl: profileImageUrl(sim, 'f1'),
    profileimageurlsmall: profileImageUrl(sim, 'f2'),
  };
}

/** The report's record as the details exporter gives it (clean_returnvalue keeps only the described keys). */
function reportDetails(sim, report) {
  return { ...report, sourcename: PARTICIPANTS_SOURCE_NAME, tags: [], modifiedby: userSummary(sim, sim.state.users.get(report.usermodified)) };
}

const USER_SUMMARY = single({
  id: value(PARAM.INT), email: value(PARAM.TEXT), idnumber: value(PARAM.RAW), phone1: value(PARAM.RAW), phone2: value(PARAM.RAW),
  department: value(PARAM.RAW), institution: value(PARAM.RAW), fullname: value(PARAM.RAW), identity: value(PARAM.RAW),
  profileurl: value(PARAM.URL), profileimageurl: value(PARAM.URL), profileimageurlsmall: value(PARAM.URL),
});

const REPORT_DETAILS = single({
  name: value(PARAM.TEXT), source: value(PARAM.RAW), type: value(PARAM.INT), uniquerows: value(PARAM.BOOL),
  conditiondata: value(PARAM.RAW), settingsdata: value(PARAM.RAW), contextid: value(PARAM.INT), component: value(PARAM.RAW),
  area: value(PARAM.RAW), itemid: value(PARAM.INT), usercreated: value(PARAM.INT), id: value(PARAM.INT),
  timecreated: value(PARAM.INT), timemodified: value(PARAM.INT), usermodified: value(PARAM.INT), sourcename: value(PARAM.RAW),
  tags: multiple(single({ id: value(PARAM.INT), name: value(PARAM.RAW) })), modifiedby: USER_SUMMARY,
});

function retrieveReport(sim, { reportid, page, perpage }, ctx) {
  const { state } = sim;
  const report = reportOrFail(state, reportid);
  requireReportView(ctx);
  const caller = state.users.get(ctx.caller.userid);
  const rows = reportRows(state, report, { now: ctx.now(), tz: userTimeZone(caller), filterValues: filterValuesOf(state, report.id, ctx.caller.userid) });
  const start = Math.max(0, page) * Math.max(0, perpage);
  return {
    details: reportDetails(sim, report),
    data: { headers: reportHeaders(report), rows: rows.slice(start, start + Math.max(0, perpage)).map((columns) => ({ columns })), totalrowcount: rows.length },
    warnings: [],
  };
}

function listReports(sim, { page, perpage }, ctx) {
  if (!ctx.caller.hasCapabilities) return { reports: [], warnings: [] };
  const reports = [...sim.state.reports.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
  const start = Math.max(0, page) * Math.max(0, perpage);
  return { reports: reports.slice(start, start + perpage).map((r) => reportDetails(sim, r)), warnings: [] };
}

function setFilters(sim, { reportid, values }, ctx) {
  const { state } = sim;
  const report = reportOrFail(state, reportid);
  requireReportView(ctx);
  let decoded;
  try {
    decoded = JSON.parse(values);
  } catch {
    throw invalidParameter('values: not JSON');
  }
  // json_decode of "{}" or "[]" is an empty array: no filter.
  setFilterValues(state, report.id, ctx.caller.userid, decoded && typeof decoded === 'object' && !Array.isArray(decoded) ? decoded : {});
  return true;
}

export const functions = {
  core_reportbuilder_list_reports: {
    params: { page: value(PARAM.INT, { default: 0 }), perpage: value(PARAM.INT, { default: 5 }) },
    returns: single({ reports: multiple(REPORT_DETAILS), warnings: WARNINGS }),
    readOnly: true,
    run: listReports,
  },
  core_reportbuilder_retrieve_report: {
    params: { reportid: value(PARAM.INT), page: value(PARAM.INT, { default: 0 }), perpage: value(PARAM.INT, { default: 10 }) },
    returns: single({
      details: REPORT_DETAILS,
      data: single({
        headers: multiple(value(PARAM.RAW)),
        rows: multiple(single({ columns: multiple(value(PARAM.RAW)) })),
        totalrowcount: value(PARAM.INT),
      }),
      warnings: WARNINGS,
    }),
    readOnly: true,
    run: retrieveReport,
  },
  core_reportbuilder_set_filters: {
    params: { reportid: value(PARAM.INT), parameters: value(PARAM.RAW, { default: '' }), values: value(PARAM.RAW) },
    returns: value(PARAM.BOOL),
    readOnly: false,
    run: setFilters,
  },
};
