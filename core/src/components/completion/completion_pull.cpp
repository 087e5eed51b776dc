// The pull, step by step (each step runs once the calls of the one before are answered):
//   0 select the registrations: of registration_type, active, user and course in the export, and
//     not recorded complete before `since`; read each course (completion on?)
//   1 read each course's active enrolments (a registration without one is skipped)
//   2 per course: the status calls, or the report's pages (then the few exact dates)
//   3 reset the report's filter; compare what Moodle said with what Drupal holds and write
//     only the fields that change
#include "components/completion/completion_pull.hpp"

#include <cmath>

#include "components/completion/completion_status.hpp"
#include "components/completion/completion_writes.hpp"
#include "moodle_sync/component_entities.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

const json& settings(const Engine::State& s) { return s.setup.config.component("completion"); }


bool with_report(const Engine::State& s) { return settings(s).value("report_id", json()).is_number_integer(); }
long long report_id(const Engine::State& s) { return settings(s)["report_id"].get<long long>(); }
CompletionPullState& pull_state(Engine::State& s) { return s.state_of<CompletionPullState>("completion_pull"); }
const CompletionFields& fields(Engine::State& s) { return pull_state(s).fields; }

// The activity count needs the course's tracked activities: for `activities` and the course total.
bool needs_tracked(Engine::State& s) { return !fields(s).activities.empty() || !fields(s).course_total_field.empty(); }

// Drupal's completed flag says complete (compared by the one rule: "complete" would change nothing).
bool recorded_complete(Engine::State& s, const Entity& registration) {
  CompletionFields flag_only;
  flag_only.completed = fields(s).completed;
  CompletionFacts complete;
  complete.completed = true;
  return !flag_only.completed.empty() && completion_changes(s.setup.store, registration, flag_only, complete).empty();
}

// Drupal records the registration as complete, with a date before `since`.
bool recorded_complete_before(Engine::State& s, const Entity& registration, long long since) {
  if (!recorded_complete(s, registration)) return false;
  auto date = fields(s).completed_date.empty() ? std::nullopt : stored_instant(stored_value(s.setup.store, registration, fields(s).completed_date));
  return date && *date < since;
}

void skip(Engine::State& s, Run& run, const std::string& reason) {
  if (run.finished()) return;
  run.note = reason;
  s.finish(run, Outcome::skipped);
}

// A Moodle call of the pull: retried when it failed in transit; credentials stop the run (every
// other call would fail alike); any other error is handed to `on_answer`.
void pull_call(Engine::State& s, const std::string& fn, json params, const std::string& purpose,
               std::function<void(const MoodleAnswer&)> on_answer, int attempt = 0) {
  Engine::State* sp = &s;
  s.push_call(fn, params, purpose,
              [sp, fn, params, purpose, on_answer, attempt](const MoodleAnswer& a) {
                if (!a.ok && a.error.error_class == ErrorClass::transient && attempt < sp->retries) {
                  pull_call(*sp, fn, params, purpose, on_answer, attempt + 1);
                  sp->queue.back().action["delay_ms"] = std::min(sp->retry_delay_ms << attempt, 60000LL);
                  return;
                }
                if (!a.ok && a.error.error_class == ErrorClass::credentials) {
                  if (sp->fatal.is_null()) {
                    sp->fatal = error_json(a.error);
                    sp->fatal["message"] = fn + " failed: " + a.error.message;
                  }
                  return;
                }
                on_answer(a);
              });
}

json failure(const CallError& e, const std::string& field, const std::string& what) {
  json error = error_json(e);
  error["message"] = what + ": " + e.message;
  if (!field.empty()) error["field"] = field;
  return error;
}

// --- step 0: which registrations are read

void select(Engine::State& s, CompletionPullState& ps) {
  const Config& config = s.setup.config;
  const CompletionFields& f = ps.fields;
  std::string users_pattern = config.component("users").value("idnumber_pattern", "{id}");
  std::string courses_pattern = config.component("courses").value("idnumber_pattern", "{id}");
  PairRegistrations pairs(s.setup.store, f);
  std::map<const Entity*, std::string> unresolved(pairs.unresolved().begin(), pairs.unresolved().end());
  std::map<std::string, std::size_t> course_index;  // idnumber -> index
  for (Entity* e : s.setup.store.of_type(f.registration_type)) {
    Run run;
    run.component = "completion";
    run.entity = e;
    s.runs.push_back(std::move(run));
    Run& r = s.runs.back();
    // A registration whose state is inactive for the enrolments is not enrolled: nothing to read.
    if (std::string state = f.inactive_state(s.setup.store, *e); !state.empty()) {
      skip(s, r, "the registration is " + state + " (" + f.state_field + "): not enrolled, nothing to read");
      continue;
    }
    if (auto why = unresolved.find(e); why != unresolved.end()) {
      bool user = why->second.rfind("user", 0) == 0;
      s.fail(r, {{"class", "data"}, {"field", user ? f.user_field : f.course_field}, {"message", e->label() + ": " + why->second}});
      continue;
    }
    if (s.setup.completion.since && recorded_complete_before(s, *e, *s.setup.completion.since)) {
      r.note = "recorded complete before --since: not read again (Moodle never takes a completion back)";
      s.finish(r, Outcome::unchanged);
      continue;
    }
    const Entity* course = pairs.course_of(*e);
    std::string course_idnumber = idnumber_for(courses_pattern, *course);
    auto [at, added] = course_index.emplace(course_idnumber, ps.courses.size());
    if (added) {
      PullCourse pc;
      pc.entity = s.setup.store.find(course->type, course->uuid);
      pc.idnumber = course_idnumber;
      ps.courses.push_back(std::move(pc));
    }
    PullRegistration pr;
    pr.run = &r;
    pr.user = pairs.user_of(*e);
    pr.user_idnumber = idnumber_for(users_pattern, *pr.user);
    pr.course = at->second;
    ps.courses[at->second].registrations.push_back(ps.registrations.size());
    ps.registrations.push_back(std::move(pr));
  }
}

void read_courses(Engine::State& s, CompletionPullState& ps) {
  for (std::size_t ci = 0; ci < ps.courses.size(); ++ci) {
    const std::string idnumber = ps.courses[ci].idnumber;
    pull_call(s, "core_course_get_courses_by_field", {{"field", "idnumber"}, {"value", idnumber}}, "completion: read the course " + idnumber,
              [&s, &ps, ci](const MoodleAnswer& a) {
                PullCourse& pc = ps.courses[ci];
                auto skip_all = [&](const std::string& why) {
                  for (std::size_t ri : pc.registrations) skip(s, *ps.registrations[ri].run, why);
                  pc.registrations.clear();
                };
                if (!a.ok) {
                  for (std::size_t ri : pc.registrations) s.fail(*ps.registrations[ri].run, failure(a.error, "", "reading the Moodle course " + pc.idnumber + " failed"));
                  pc.registrations.clear();
                  return;
                }
                json list = a.value.is_object() ? a.value.value("courses", json::array()) : json::array();
                if (!list.is_array()) list = json::array();
                const json* found = nullptr;
                for (const auto& course : list) {
                  if (course.is_object() && course.value("idnumber", json()) == pc.idnumber && course.value("id", json()).is_number_integer()) found = &course;
                }
                if (!found) return skip_all("the course is not in Moodle (no course has the idnumber \"" + pc.idnumber + "\")");
                pc.id = (*found)["id"].get<long long>();
                pc.shortname = found->value("shortname", "");
                const json& on = found->value("enablecompletion", json());
                if (!(on == 1 || on == true)) skip_all("completion is off in the Moodle course");
              });
  }
}

// --- step 1: who is enrolled, actively, in a role Moodle tracks

// Moodle tracks completion only for roles with moodle/course:isincompletionreports (the student
// archetype); the others' rows look like an untouched student's and their status read answers
// usernotenroled. The roles of a user in the course, when none is tracked; none when one is, or
// when the answer lists no roles (nothing to tell: the reads decide).
std::optional<std::string> untracked_roles(Engine::State& s, const json& user) {
  const json& roles = user.value("roles", json());
  if (!roles.is_array()) return std::nullopt;
  const json& tracked = settings(s).value("tracked_roles", json::array({5}));
  std::string names;
  for (const auto& role : roles) {
    const json& id = role.is_object() ? role.value("roleid", json()) : json();
    if (!id.is_number_integer()) continue;
    for (const auto& t : tracked) {
      if (t == id) return std::nullopt;
    }
    std::string name = role.value("shortname", json()).is_string() ? role["shortname"].get<std::string>() : std::string();
    names += (names.empty() ? "" : ", ") + (name.empty() ? std::to_string(id.get<long long>()) : name);
  }
  return names.empty() ? "none" : names;
}

void read_enrolments(Engine::State& s, CompletionPullState& ps) {
  for (std::size_t ci = 0; ci < ps.courses.size(); ++ci) {
    if (ps.courses[ci].registrations.empty()) continue;
    json options = json::array({{{"name", "onlyactive"}, {"value", 1}}, {{"name", "userfields"}, {"value", "id,idnumber,roles"}}});
    pull_call(s, "core_enrol_get_enrolled_users", {{"courseid", ps.courses[ci].id}, {"options", options}},
              "completion: read the active enrolments of course " + std::to_string(ps.courses[ci].id), [&s, &ps, ci](const MoodleAnswer& a) {
                PullCourse& pc = ps.courses[ci];
                if (!a.ok || !a.value.is_array()) {
                  CallError e = a.ok ? CallError{} : a.error;
                  if (a.ok) e.message = "the answer is not the list of users it should be";
                  for (std::size_t ri : pc.registrations) s.fail(*ps.registrations[ri].run, failure(e, "", "reading the enrolments of the Moodle course " + pc.idnumber + " failed"));
                  pc.registrations.clear();
                  return;
                }
                std::map<std::string, std::string> untracked;  // user idnumber -> its roles, none of them tracked
                for (const auto& u : a.value) {
                  if (u.is_object() && u.value("idnumber", json()).is_string() && u.value("id", json()).is_number_integer() &&
                      !u["idnumber"].get<std::string>().empty()) {
                    pc.active_users[u["idnumber"].get<std::string>()] = u["id"].get<long long>();
                    if (auto roles = untracked_roles(s, u)) untracked[u["idnumber"].get<std::string>()] = *roles;
                  }
                }
                std::vector<std::size_t> active;
                for (std::size_t ri : pc.registrations) {
                  PullRegistration& pr = ps.registrations[ri];
                  auto found = pc.active_users.find(pr.user_idnumber);
                  if (found == pc.active_users.end()) {
                    skip(s, *pr.run, "enrolment not active in Moodle (user \"" + pr.user_idnumber + "\" has no active enrolment in course " + pc.idnumber + ")");
                    continue;
                  }
                  if (auto roles = untracked.find(pr.user_idnumber); roles != untracked.end()) {
                    skip(s, *pr.run, "not tracked by completion in Moodle (role " + roles->second + ", not in completion.tracked_roles: its status read answers usernotenroled)");
                    continue;
                  }
                  pr.moodle_user = found->second;
                  active.push_back(ri);
                }
                pc.registrations = std::move(active);
              });
  }
}

// --- step 2, without a report: one status call per registration

void status_reply(Engine::State& s, PullRegistration& pr, const CourseCompletionStatus& st, PullCourse& pc) {
  if (!st.skip.empty()) {
    if (st.skip_code == "nocriteriaset") pc.no_criteria = true;  // the others of the course are skipped without a call
    return skip(s, *pr.run, st.skip);
  }
  if (!st.ok) return s.fail(*pr.run, failure(st.error, fields(s).completed, "reading the completion status failed"));
  pr.completed = st.completed;
  pr.date = st.completed ? st.date : std::nullopt;
}

void read_activities(Engine::State& s, PullRegistration& pr, PullCourse& pc, std::function<void()> then) {
  pull_call(s, "core_completion_get_activities_completion_status", {{"courseid", pc.id}, {"userid", pr.moodle_user}},
            "completion: read the activities of " + pr.run->entity->label(), [&s, &pr, &pc, then](const MoodleAnswer& a) {
              ActivitiesCompletionStatus st = activities_completion_status(a);
              if (!st.ok) s.fail(*pr.run, failure(st.error, fields(s).activities, "reading the activities' completion failed"));
              else {
                pr.activities = st.completed;
                pc.tracked = st.tracked;
              }
              then();
            });
}

void read_next_status(Engine::State& s, CompletionPullState& ps, std::size_t ci) {
  PullCourse& pc = ps.courses[ci];
  while (pc.next < pc.registrations.size() && pc.no_criteria) skip(s, *ps.registrations[pc.registrations[pc.next++]].run, kSkipNoCriteria);
  if (pc.next >= pc.registrations.size()) return;
  PullRegistration& pr = ps.registrations[pc.registrations[pc.next++]];
  pull_call(s, "core_completion_get_course_completion_status", {{"courseid", pc.id}, {"userid", pr.moodle_user}},
            "completion: read the status of " + pr.run->entity->label(), [&s, &ps, &pr, &pc, ci](const MoodleAnswer& a) {
              status_reply(s, pr, course_completion_status(a), pc);
              if (!pr.run->finished() && !fields(s).activities.empty()) {
                return read_activities(s, pr, pc, [&s, &ps, ci] { read_next_status(s, ps, ci); });
              }
              read_next_status(s, ps, ci);
            });
}

// --- step 2, with a report: its pages, filtered to the course

void read_report_page(Engine::State& s, CompletionPullState& ps, std::size_t ci, long long page);

// The stop waits for the filter's reset (no call is sent once the run has stopped): no other
// course is read meanwhile.
void refuse_report(Engine::State& s, const std::string& why) {
  json& refusal = pull_state(s).refusal;
  if (refusal.is_null()) {
    refusal = {{"class", "setup"}, {"message", "the completion report " + std::to_string(report_id(s)) + " (completion.report_id) cannot be read: " + why}};
  }
}

// A course's report could not be read (the server failed, or answered something else): its
// registrations fail, the other courses are still read. Only an answer that no course's report
// could get past (permission) stops the run.
void fail_course_report(Engine::State& s, CompletionPullState& ps, std::size_t ci, const CallError& e) {
  if (e.error_class == ErrorClass::permission) return refuse_report(s, e.message);
  PullCourse& pc = ps.courses[ci];
  for (std::size_t ri : pc.registrations) {
    s.fail(*ps.registrations[ri].run, failure(e, "", "reading the completion report " + std::to_string(report_id(s)) + " for course " + pc.idnumber + " failed"));
  }
  pc.registrations.clear();
  pc.rows.clear();
}

void report_course_read(Engine::State& s, CompletionPullState& ps, std::size_t ci);

void filter_report(Engine::State& s, CompletionPullState& ps, std::size_t ci);

// The report cannot tell a course without criteria (or whose report the token may not see) from
// one nobody started: one status call, for the course's first registration, tells. Its answer
// serves that registration; nocriteriaset or cannotviewreport skip the whole course unread; a
// usernotenroled answer asks again for the next registration.
void read_report(Engine::State& s, CompletionPullState& ps, std::size_t ci) {
  PullCourse& pc = ps.courses[ci];
  if (pc.probe >= pc.registrations.size()) return;
  PullRegistration& pr = ps.registrations[pc.registrations[pc.probe]];
  pull_call(s, "core_completion_get_course_completion_status", {{"courseid", pc.id}, {"userid", pr.moodle_user}},
            "completion: read the status of " + pr.run->entity->label() + " (criteria of course " + pc.idnumber + ")",
            [&s, &ps, &pr, ci](const MoodleAnswer& a) {
              PullCourse& pc = ps.courses[ci];
              CourseCompletionStatus st = course_completion_status(a);
              if (st.skip_code == "nocriteriaset" || st.skip_code == "cannotviewreport") {
                for (std::size_t ri : pc.registrations) skip(s, *ps.registrations[ri].run, st.skip);
                pc.registrations.clear();
                return;
              }
              ++pc.probe;
              if (!st.skip.empty()) {
                skip(s, *pr.run, st.skip);
                return read_report(s, ps, ci);
              }
              if (!st.ok) s.fail(*pr.run, failure(st.error, fields(s).completed, "reading the completion status failed"));
              else {
                pr.completed = st.completed;
                pr.date = st.completed ? st.date : std::nullopt;
                pr.status_read = true;
              }
              filter_report(s, ps, ci);
            });
}

void filter_report(Engine::State& s, CompletionPullState& ps, std::size_t ci) {
  const PullCourse& pc = ps.courses[ci];
  json values = {{"course:shortname_operator", 3}, {"course:shortname_value", pc.shortname}};
  ps.filter_set = true;
  pull_call(s, "core_reportbuilder_set_filters", {{"reportid", report_id(s)}, {"values", values.dump()}},
            "completion: filter the report to course " + pc.idnumber, [&s, &ps, ci](const MoodleAnswer& a) {
              if (!a.ok) return fail_course_report(s, ps, ci, a.error);
              read_report_page(s, ps, ci, 0);
            });
}

void read_report_page(Engine::State& s, CompletionPullState& ps, std::size_t ci, long long page) {
  long long perpage = settings(s).value("report_page_size", 100LL);
  pull_call(s, "core_reportbuilder_retrieve_report", {{"reportid", report_id(s)}, {"page", page}, {"perpage", perpage}},
            "completion: read page " + std::to_string(page) + " of the report for course " + ps.courses[ci].idnumber,
            [&s, &ps, ci, page, perpage](const MoodleAnswer& a) {
              if (!a.ok) return fail_course_report(s, ps, ci, a.error);
              const json& data = a.value.is_object() ? a.value.value("data", json()) : json();
              if (!data.is_object() || !data.value("totalrowcount", json()).is_number_integer() || !data.value("rows", json()).is_array()) {
                return refuse_report(s, "the answer has no data {headers, rows, totalrowcount}");
              }
              ReportColumns columns;
              if (std::string problem = find_report_columns(data.value("headers", json()), needs_tracked(s), columns);
                  !problem.empty()) {
                return refuse_report(s, problem);
              }
              PullCourse& pc = ps.courses[ci];
              for (const auto& row : data["rows"]) {
                ReportRow r;
                if (read_report_row(row, columns, r) && !r.username.empty() && r.course_idnumber == pc.idnumber) pc.rows.push_back(std::move(r));
              }
              long long total = data["totalrowcount"].get<long long>();
              if ((page + 1) * perpage < total) return read_report_page(s, ps, ci, page + 1);
              report_course_read(s, ps, ci);
            });
}

// Drupal holds the registration as complete at a time in the report's minute.
bool held_complete_in_minute(Engine::State& s, const PullRegistration& pr, const ReportRow& row, std::optional<long long>& recorded) {
  recorded = fields(s).completed_date.empty() ? std::nullopt : stored_instant(stored_value(s.setup.store, *pr.run->entity, fields(s).completed_date));
  auto wall = report_wall_time(row.time_completed);
  if (!wall || !recorded) return false;
  long long minute = local_to_utc(*wall, s.setup.completion.transitions);
  return *recorded >= minute && *recorded < minute + 60;
}

// Drupal holds the completion with an activity count: nothing to read again for the count.
bool holds_completed_activities(Engine::State& s, const PullRegistration& pr) {
  return recorded_complete(s, *pr.run->entity) && !stored_value(s.setup.store, *pr.run->entity, fields(s).activities).is_null();
}

// A user has one row per enrolment method, in an order the database does not fix: an "Active"
// row wins (the enrolled-users read found the learner active through it), and among active rows a
// complete one, so the outcome never depends on that order.
bool better_row(const ReportRow& candidate, const ReportRow& kept) {
  if (candidate.active != kept.active) return candidate.active;
  return candidate.completed.value_or(false) && !kept.completed.value_or(false);
}

// Drupal's recorded date is kept when the report's minute holds it; otherwise one status call
// gives the exact time (the report shows no seconds). "Student progress" is 100% once a course is
// complete, whatever the activities: a complete registration's count is read from its own
// activity list, unless Drupal already holds that completion with a count (a second pull stays cheap).
void report_course_read(Engine::State& s, CompletionPullState& ps, std::size_t ci) {
  PullCourse& pc = ps.courses[ci];
  std::map<std::string, const ReportRow*> by_user;
  for (const auto& r : pc.rows) {
    auto [at, added] = by_user.emplace(r.user_idnumber, &r);
    if (!added && better_row(r, *at->second)) at->second = &r;
  }
  std::vector<PullRegistration*> exact, own_activities;
  PullRegistration* first = nullptr;
  for (std::size_t ri : pc.registrations) {
    PullRegistration& pr = ps.registrations[ri];
    if (pr.run->finished()) continue;
    auto found = by_user.find(pr.user_idnumber);
    if (found == by_user.end()) {
      skip(s, *pr.run, "no row in the completion report " + std::to_string(report_id(s)) + " for user \"" + pr.user_idnumber + "\" in course " + pc.idnumber);
      continue;
    }
    const ReportRow& row = *found->second;
    if (!row.active) {
      skip(s, *pr.run, "enrolment not active in Moodle (the report's Status is not \"Active\")");
      continue;
    }
    if (!pr.status_read) pr.completed = row.completed.value_or(false);
    if (!first) first = &pr;
    if (!*pr.completed) {
      pr.progress = row.progress;
      continue;
    }
    std::optional<long long> recorded;
    bool in_minute = held_complete_in_minute(s, pr, row, recorded);
    if (!fields(s).activities.empty() && !(in_minute && holds_completed_activities(s, pr))) own_activities.push_back(&pr);
    if (pr.status_read) continue;
    if (in_minute) pr.date = recorded;
    else exact.push_back(&pr);
  }
  for (PullRegistration* pr : own_activities) read_activities(s, *pr, pc, [] {});
  if (first && own_activities.empty() && needs_tracked(s)) {
    // One user's activity list gives the course's tracked activities; the report gives each one's share.
    pull_call(s, "core_completion_get_activities_completion_status", {{"courseid", pc.id}, {"userid", first->moodle_user}},
              "completion: count the tracked activities of course " + pc.idnumber, [&pc](const MoodleAnswer& a) {
                ActivitiesCompletionStatus st = activities_completion_status(a);
                if (st.ok) pc.tracked = st.tracked;
              });
  }
  for (PullRegistration* pr : exact) {
    pull_call(s, "core_completion_get_course_completion_status", {{"courseid", pc.id}, {"userid", pr->moodle_user}},
              "completion: read the exact completion time of " + pr->run->entity->label(), [&s, pr](const MoodleAnswer& a) {
                CourseCompletionStatus st = course_completion_status(a);
                if (!st.skip.empty()) return skip(s, *pr->run, st.skip);
                if (!st.ok) return s.fail(*pr->run, failure(st.error, fields(s).completed_date, "reading the completion time failed"));
                pr->completed = st.completed;
                pr->date = st.completed ? st.date : std::nullopt;
              });
  }
}

// --- step 3: what changes is written

void write_all(Engine::State& s, CompletionPullState& ps) {
  for (PullRegistration& pr : ps.registrations) {
    if (pr.run->finished()) continue;
    if (!pr.completed) {
      s.fail(*pr.run, {{"message", "Moodle gave no completion for it"}});
      continue;
    }
    const PullCourse& pc = ps.courses[pr.course];
    if (!pr.activities && pr.progress && pc.tracked) pr.activities = std::llround(*pr.progress * static_cast<double>(*pc.tracked) / 100.0);
    CompletionFacts facts;
    facts.completed = *pr.completed;
    facts.completed_date = *pr.completed ? pr.date : std::nullopt;
    facts.activities = pr.activities;
    write_or_plan(s, *pr.run, completion_changes(s.setup.store, *pr.run->entity, ps.fields, facts));
  }
  for (PullCourse& pc : ps.courses) {
    if (!pc.tracked || !pc.entity || ps.fields.course_total_field.empty()) continue;
    Run run;
    run.component = "completion";
    run.entity = pc.entity;
    run.moodle_id = pc.id;
    s.runs.push_back(std::move(run));
    auto change = course_total_change(s.setup.store, *pc.entity, ps.fields, *pc.tracked);
    write_or_plan(s, s.runs.back(), change ? std::vector<FieldChange>{*change} : std::vector<FieldChange>{});
  }
}

}  // namespace

bool plan_completion_pull(Engine::State& s) {
  CompletionPullState& ps = pull_state(s);
  if (ps.step == 3 && !ps.refusal.is_null() && s.fatal.is_null()) s.fatal = ps.refusal;
  if (!s.fatal.is_null() && ps.step < 4) {
    // Nothing more is read or written: what was not finished fails with the reason.
    for (PullRegistration& pr : ps.registrations) {
      if (!pr.run->finished()) s.fail(*pr.run, s.fatal);
    }
    ps.step = 4;
    return true;
  }
  switch (ps.step) {
    case 0:
      ps.fields = CompletionFields::from_config(s.setup.config);
      select(s, ps);
      read_courses(s, ps);
      ++ps.step;
      return true;
    case 1:
      read_enrolments(s, ps);
      ++ps.step;
      return true;
    case 2:
      // One course at a time: its calls, then the next (a nocriteriaset answer spares the others').
      if (!ps.refusal.is_null()) ps.course_cursor = ps.courses.size();
      while (ps.course_cursor < ps.courses.size() && ps.courses[ps.course_cursor].registrations.empty()) ++ps.course_cursor;
      if (ps.course_cursor < ps.courses.size()) {
        std::size_t ci = ps.course_cursor++;
        if (with_report(s)) read_report(s, ps, ci);
        else read_next_status(s, ps, ci);
        return true;
      }
      ++ps.step;
      if (ps.filter_set) {
        pull_call(s, "core_reportbuilder_set_filters", {{"reportid", report_id(s)}, {"values", "{}"}}, "completion: reset the report's filter",
                  [](const MoodleAnswer&) {});
      }
      return true;
    case 3:
      write_all(s, ps);
      ++ps.step;
      return true;
    default:
      return false;
  }
}

}  // namespace moodle_sync
