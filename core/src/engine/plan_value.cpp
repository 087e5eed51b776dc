// The plan as a value: what a dry run decided, per entity the intent, the changed fields and the
// Moodle calls it would make, the calls a sync would make in all (planned_calls), with the site
// guard's and the removal guard's verdicts. One value serves `plan`, `preview` (the plan against an
// empty Moodle) and the reports.
#include "components/memberships/memberships_state.hpp"
#include "engine/created_changes.hpp"
#include "engine/engine_state.hpp"
#include "engine/planned_calls.hpp"
#include "engine/removal_guard.hpp"
#include "engine/report_text.hpp"

namespace moodle_sync {
namespace {

// The outcome of a dry run (or the planned action of a blocked entity) as an intent.
Intent base_intent(const Run& r) {
  switch (r.finished() ? r.outcome : Outcome::failed) {
    case Outcome::blocked: return r.planned == Intent::none ? Intent::unchanged : r.planned;
    case Outcome::created: return Intent::create;
    case Outcome::recovered:  // the same steps as an adoption: take the id, write it back, update what differs
    case Outcome::adopted: return Intent::adopt;
    case Outcome::updated: return Intent::update;
    case Outcome::deleted: return Intent::delete_object;
    case Outcome::ignored: return Intent::ignore;
    case Outcome::failed: return Intent::fail;
    case Outcome::skipped: return Intent::skip;
    case Outcome::stale: return Intent::stale;
    case Outcome::unchanged:
    case Outcome::none: break;
  }
  return Intent::unchanged;
}

// Removals named by what changes: a suspended account or enrolment, a role or members taken away.
Intent refined_intent(const Engine::State& s, const Run& r, Intent intent) {
  if (intent != Intent::update && intent != Intent::delete_object && intent != Intent::create) return intent;
  // A create's changes held compact (created_changes.hpp) have no old value: they remove nothing.
  if (intent == Intent::create && !r.changes.empty() && holds_created_changes(s, r)) return intent;
  for (const auto& [field, c] : r.changes.items()) {
    if (!c.is_object()) continue;
    const json& now = c.value("new", json());
    if (r.component == "enrolments") {
      if (intent == Intent::delete_object && r.note.rfind("gone with", 0) == 0) return Intent::gone;  // went with its user or course
      if (now.is_null()) return Intent::unenrol;
      if (now == "role removed") return Intent::remove_role;
      if (now == "suspended" && c.value("old", json()) == "active") return Intent::suspend;
    } else if (field == "suspended" && now == 1 && r.entity && r.entity->uuid == "(deleted)") {
      return Intent::suspend;
    } else if ((field == "parent" || field == "categoryid") && r.entity && r.entity->uuid == "(deleted)") {
      return Intent::move_to_trash;
    }
  }
  if (r.component == "memberships" && r.changes.contains("members_removed")) return Intent::remove_members;
  return intent;
}

// The plan's fields of one entity, added to its report entry; `guard` counts it for the removal
// guard.
void add_plan_fields(const Engine::State& s, const Run& r, EntryOut& e, RemovalTally& guard) {
  Intent intent = refined_intent(s, r, base_intent(r));
  const std::string intent_text = to_string(intent);
  e.open("entity");
  e.field("type", r.entity->type);
  e.field("id", json(r.entity->id));
  e.field("uuid", r.entity->uuid);
  e.field("label", r.entity->label());
  e.close();
  e.field("intent", intent_text);
  e.field("calls", s.calls_of(r, intent));
  long long objects = 1, removals = is_removal_intent(intent_text) ? 1 : 0;
  if (r.component == "memberships") {
    const MembershipsState* ms = s.state_if<MembershipsState>("memberships");
    objects = ms ? static_cast<long long>(ms->members_of(r.moodle_id)) : 0LL;
    const json& removed = r.changes.contains("members_removed") ? r.changes["members_removed"].value("old", json::array()) : json::array();
    removals = static_cast<long long>(removed.size());
    e.field("objects", objects);
    e.field("removals", removals);
  }
  guard.add(r.component, intent_text, objects, removals);
}

// The report's frame made a plan's: the calls a sync would make, the removal guard's verdict, and
// whether the plan may be applied.
void add_plan_frame(const Engine::State& s, json& value, const RemovalTally& guard_tally, bool allow_removals) {
  // The writes a sync of this plan would send, cut into requests as the engine cuts its batches. A
  // write that only an answer can start (the update after a template's copy, the suspension of a
  // new user) is counted for the planned intent; a retry or a split batch is not foreseen.
  value["planned_calls"] = planned_calls_value(s);
  json guard = guard_tally.decide(s.setup.config.settings.value("removal_guard", json::object()), allow_removals);
  value["removal_guard"] = guard;
  // A plan made while a read failed counts nothing it could not see: its removal guard proves
  // nothing, so it is never applied (the next run observes again).
  value["apply"] = value["site_guard"].value("writes_allowed", false) && !guard["stops"].get<bool>() && s.fatal.is_null();
  value["exit_code"] = exit_code_of(value);
}

}  // namespace

json Engine::plan(bool allow_removals) const {
  const State& s = *s_;
  ReportTally tally = report_tally(s);
  RemovalTally guard;
  json entities = json::array();
  for (const Run& r : s.runs) {
    EntryOut e;
    report_entry(s, r, tally, e);
    add_plan_fields(s, r, e, guard);
    entities.push_back(e.take());
  }
  json value = report_frame(s, std::move(tally), std::move(entities));
  add_plan_frame(s, value, guard, allow_removals);
  return value;
}

std::string Engine::plan_text(bool allow_removals, bool ascii) const {
  RemovalTally guard;
  auto extend = [&](const Run& r, EntryOut& e, bool) { add_plan_fields(*s_, r, e, guard); };
  auto frame_of = [&](ReportTally tally) {
    json frame = report_frame(*s_, std::move(tally), json());
    add_plan_frame(*s_, frame, guard, allow_removals);
    return frame;
  };
  return entries_in_frame_text(*s_, extend, frame_of, false, ascii);
}

json Engine::plan_verdict(bool allow_removals) const {
  ReportTally tally = report_tally(*s_);
  RemovalTally guard;
  tally_entries(*s_, tally, [&](const Run& r, EntryOut& e) { add_plan_fields(*s_, r, e, guard); });
  json frame = report_frame(*s_, std::move(tally), json());
  add_plan_frame(*s_, frame, guard, allow_removals);
  return {{"apply", frame["apply"]}, {"exit_code", frame["exit_code"]}, {"removal_guard", frame["removal_guard"]}};
}

// The Moodle functions an intent would call (the write-back of an id is not a Moodle call).
json Engine::State::calls_of(const Run& r, Intent intent) const {
  json calls = json::array();
  auto& self = const_cast<State&>(*this);  // the specs only name functions: nothing is changed
  const std::string& c = r.component;
  if (c == "completion") return calls;  // its writes go to Drupal, not Moodle
  if (c == "memberships") {
    if (r.changes.contains("members_added")) calls.push_back("core_cohort_add_cohort_members");
    if (r.changes.contains("members_removed")) calls.push_back("core_cohort_delete_cohort_members");
  } else if (c == "enrolments") {
    bool role_only = false;
    for (const auto& [field, ch] : r.changes.items()) role_only |= ch.is_object() && ch.value("new", json()) == "role added";
    if (intent == Intent::unenrol) calls.push_back("enrol_manual_unenrol_users");
    else if (intent == Intent::remove_role) calls.push_back("core_role_unassign_roles");
    else if (role_only) calls.push_back("core_role_assign_roles");
    else if (intent == Intent::create || intent == Intent::update || intent == Intent::suspend) calls.push_back("enrol_manual_enrol_users");
  } else if (intent == Intent::create) {
    bool copy = r.template_id != 0;
    calls.push_back(copy ? "core_course_duplicate_course" : self.create_spec(c).wsfunction);
    if (copy || r.followup.is_object()) calls.push_back(self.update_spec(c).wsfunction);
  } else if (intent == Intent::update || intent == Intent::suspend || intent == Intent::move_to_trash ||
             (intent == Intent::adopt && !r.changes.empty())) {
    calls.push_back(self.update_spec(c).wsfunction);
  } else if (intent == Intent::delete_object) {
    calls.push_back(self.delete_spec(c).wsfunction);
  }
  return calls;
}

namespace {

// The engine of a pure plan, run to its end; nullptr with `error` set when its input is refused.
std::unique_ptr<Engine> planned_engine(json input, json& error, std::optional<EntityStore> documents = std::nullopt) {
  input["dry_run"] = true;
  input["offline"] = true;
  auto engine = make_engine(std::move(input), error, std::move(documents));
  if (!engine) return engine;
  // Every read is answered locally and a dry run writes nothing: no action reaches Moodle.
  for (int guard = 0; guard < 1000000; ++guard) {
    json a = engine->next();
    if (a["kind"] == "done") break;
    engine->feed(a["kind"] == "call" ? json{{"status", 200}, {"body", "[]"}} : json{{"ok", true}});
  }
  return engine;
}

}  // namespace

json plan_sync(json input) {
  bool allow = input.value("allow_removals", false);
  json error;
  auto engine = planned_engine(std::move(input), error);
  if (!engine) return {{"ok", false}, {"error", error}};
  json answer = {{"ok", true}, {"value", nullptr}};
  answer["value"] = engine->plan(allow);  // moved in: a braced list would copy the whole plan
  return answer;
}

std::string plan_sync_text(json input, bool ascii, std::optional<EntityStore> documents) {
  bool allow = input.value("allow_removals", false);
  json error;
  auto engine = planned_engine(std::move(input), error, std::move(documents));
  if (!engine) return compact_text(json{{"ok", false}, {"error", error}}, ascii);
  std::string text = engine->plan_text(allow, ascii);
  text.insert(0, R"({"ok":true,"value":)");
  text += '}';
  return text;
}

}  // namespace moodle_sync
