#include "components/completion/push_run.hpp"

#include "components/completion/completion_status.hpp"
#include "components/completion/completion_writes.hpp"
#include "components/completion/push_decide.hpp"

namespace moodle_sync {
namespace {

struct CompletionPushState : ComponentState {
  int step = 0;
  std::string problem;  // the body is not JSON or not a push: 400, nothing written
  PushPayload payload;
  PushDecisions decisions;
  std::vector<Run*> registration_runs, course_runs;
  // The event form: what Moodle said of the ids it names.
  std::string course_idnumber, user_idnumber;
  const Entity* course = nullptr;
  const Entity* user = nullptr;
  CourseCompletionStatus status;
  std::optional<long long> activities;
  std::string failed_read;  // the status or activities read failed: its error
};

CompletionPushState& push_state(Engine::State& s) { return s.state_of<CompletionPushState>("completion_push"); }

Run& new_run(Engine::State& s, const Entity* entity) {
  Run run;
  run.component = "completion";
  run.entity = s.setup.store.find(entity->type, entity->uuid);
  s.runs.push_back(std::move(run));
  return s.runs.back();
}

void apply_decisions(Engine::State& s, CompletionPushState& ps, const std::vector<PushedCourse>& courses) {
  const CompletionFields fields = CompletionFields::from_config(s.setup.config);
  ps.decisions = decide_push(courses, s.setup.store, fields, PushKeys::from_config(s.setup.config));
  for (const auto& note : ps.decisions.notes) s.notes.push_back("completion push: " + note);
  for (const auto& d : ps.decisions.entities) {
    Run& run = new_run(s, d.entity);
    (d.course_total ? ps.course_runs : ps.registration_runs).push_back(&run);
    if (!d.skipped.empty()) {
      run.note = d.skipped;
      s.finish(run, Outcome::skipped);
      continue;
    }
    write_or_plan(s, run, d.changes);
  }
}

// The registrations of the event's pair, skipped or failed with the same reason.
void finish_pair(Engine::State& s, CompletionPushState& ps, const std::string& why, bool failed) {
  CompletionFields fields = CompletionFields::from_config(s.setup.config);
  PairRegistrations pairs(s.setup.store, fields);
  for (const Entity* r : pairs.of(*ps.user, *ps.course)) {
    Run& run = new_run(s, r);
    ps.registration_runs.push_back(&run);
    if (failed) {
      s.fail(run, {{"class", "transient"}, {"message", why}});
    } else {
      run.note = why;
      s.finish(run, Outcome::skipped);
    }
  }
}

// The event names Moodle ids: their idnumbers say which Drupal entities they are.
void read_event_objects(Engine::State& s, CompletionPushState& ps) {
  const CompletionEvent& e = ps.payload.event;
  s.push_read("core_user_get_users_by_field", {{"field", "id"}, {"values", {e.relateduserid}}}, "the user of the completion event",
              [&ps](const json& v) {
                if (v.is_array() && !v.empty() && v[0].is_object()) ps.user_idnumber = v[0].value("idnumber", std::string());
              });
  s.push_read("core_course_get_courses_by_field", {{"field", "id"}, {"value", e.courseid}}, "the course of the completion event",
              [&ps](const json& v) {
                const json& list = v.is_object() ? v.value("courses", json::array()) : json::array();
                if (list.is_array() && !list.empty() && list[0].is_object()) ps.course_idnumber = list[0].value("idnumber", std::string());
              });
}

bool read_event_status(Engine::State& s, CompletionPushState& ps) {
  const PushKeys keys = PushKeys::from_config(s.setup.config);
  const CompletionEvent& e = ps.payload.event;
  ps.course = keys.course(s.setup.store, ps.course_idnumber, true);
  ps.user = keys.user(s.setup.store, ps.user_idnumber, true);
  if (!ps.course) {
    ++ps.decisions.unknown_courses;
    s.notes.push_back("completion push: Moodle course " + std::to_string(e.courseid) + " is no course of this sync (idnumber \"" +
                      ps.course_idnumber + "\"); nothing created");
  }
  if (!ps.user) {
    ++ps.decisions.unknown_users;
    s.notes.push_back("completion push: Moodle user " + std::to_string(e.relateduserid) + " is no user of this sync; nothing created");
  }
  if (!ps.course || !ps.user) return false;
  const CompletionFields fields = CompletionFields::from_config(s.setup.config);
  if (PairRegistrations(s.setup.store, fields).of(*ps.user, *ps.course).empty()) {
    s.notes.push_back("completion push: no " + fields.registration_type + " of user \"" + ps.user_idnumber + "\" in course \"" +
                      ps.course_idnumber + "\"");
    return false;
  }
  json params = {{"courseid", e.courseid}, {"userid", e.relateduserid}};
  const bool activities = !fields.activities.empty();
  s.push_call("core_completion_get_course_completion_status", params, "read the completion of the event's user",
              [&s, &ps, params, activities](const MoodleAnswer& a) {
                ps.status = course_completion_status(a);
                // The activities are read only for a user whose completion Moodle gives.
                if (!ps.status.ok || !activities) return;
                s.push_call("core_completion_get_activities_completion_status", params, "read the activities of the event's user",
                            [&ps](const MoodleAnswer& b) {
                              ActivitiesCompletionStatus st = activities_completion_status(b);
                              if (st.ok) ps.activities = st.completed;
                              else ps.failed_read = st.error.message;
                            },
                            true);
              });
  return true;
}

void decide_event(Engine::State& s, CompletionPushState& ps) {
  if (!ps.status.ok && ps.status.skip.empty() && ps.failed_read.empty()) ps.failed_read = ps.status.error.message;
  if (!ps.failed_read.empty()) return finish_pair(s, ps, "reading the completion from Moodle failed: " + ps.failed_read, true);
  if (!ps.status.skip.empty()) return finish_pair(s, ps, ps.status.skip, false);
  PushedUser u;
  u.key = ps.user_idnumber;
  u.completed = ps.status.completed;
  u.date = ps.status.date;
  u.activities = ps.activities;
  std::vector<PushedCourse> courses = {{ps.course_idnumber, std::nullopt, {u}}};
  int unknown_courses = ps.decisions.unknown_courses, unknown_users = ps.decisions.unknown_users;
  apply_decisions(s, ps, courses);
  ps.decisions.unknown_courses += unknown_courses;
  ps.decisions.unknown_users += unknown_users;
}

int count_updated(const std::vector<Run*>& runs) {
  int n = 0;
  for (const Run* r : runs) n += r->finished() && r->outcome == Outcome::updated;
  return n;
}

}  // namespace

bool plan_completion_push(Engine::State& s) {
  CompletionPushState& ps = push_state(s);
  if (!s.fatal.is_null()) return false;
  switch (ps.step++) {
    case 0: {
      const CompletionInput& in = s.setup.completion;
      ps.problem = parse_push_payload(in.payload.value_or(""), in.content_type, in.now, ps.payload);
      if (!ps.problem.empty()) return false;
      for (const auto& r : ps.payload.rejected) {
        s.notes.push_back("completion push: course \"" + r.course_key + "\", user \"" + r.user_key + "\": " + r.field + " is " + r.problem +
                          "; not applied");
      }
      if (!ps.payload.is_event) {
        apply_decisions(s, ps, ps.payload.courses);
        return true;
      }
      if (!ps.payload.rejected.empty()) return false;
      read_event_objects(s, ps);
      return true;
    }
    case 1:
      if (!ps.payload.is_event) return false;
      return read_event_status(s, ps);
    case 2:
      decide_event(s, ps);
      return true;
    default:
      return false;
  }
}

json completion_push_answer(const Engine::State& s) {
  if (!s.setup.completion.given || s.setup.completion.mode != "push") return nullptr;
  const auto* ps = s.state_if<CompletionPushState>("completion_push");
  if (ps && !ps->problem.empty()) return invalid_push_answer(ps->problem);
  if (!ps) return push_answer(PushDecisions{}, 0, 0, 0, s.fatal.is_null() ? 0 : 1);
  int failed = 0;
  for (const auto* list : {&ps->registration_runs, &ps->course_runs}) {
    for (const Run* r : *list) failed += !r->finished() || r->outcome == Outcome::failed;
  }
  if (!s.fatal.is_null() && failed == 0) failed = 1;  // a stop before any write
  return push_answer(ps->decisions, ps->payload.rejected.size(), count_updated(ps->course_runs), count_updated(ps->registration_runs), failed);
}

}  // namespace moodle_sync
