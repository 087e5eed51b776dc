// Enrolments: registrations (user, course, role, state, dates) and user references on courses ->
// manual enrolments. Moodle cannot list enrolments cheaply, and only enrolments moodle-sync made
// may ever be suspended or removed, so the journal is the record of what was made: each run
// compares what Drupal wants with it and sends only the difference.
#include <set>

#include "engine_state.hpp"
#include "moodle_sync/moodle_id.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

std::string key_of(long long user, long long course, long long role) {
  return std::to_string(user) + ":" + std::to_string(course) + ":" + std::to_string(role);
}

struct Wanted {
  long long user = 0, course = 0, role = 0;
  int suspend = 0;
  long long timestart = 0, timeend = 0;
  Run* run = nullptr;
};

json enrolment_item(const Wanted& w) {
  json item = {{"roleid", w.role}, {"userid", w.user}, {"courseid", w.course}, {"suspend", w.suspend}};
  if (w.timestart) item["timestart"] = w.timestart;
  if (w.timeend) item["timeend"] = w.timeend;
  return item;
}

}  // namespace

void Engine::State::load_enrolment_journal() {
  for (const auto& record : setup.journal) {
    if (!record.is_object() || record.value("kind", "") != "enrolment") continue;
    std::string key = key_of(record.value("userid", 0LL), record.value("courseid", 0LL), record.value("roleid", 0LL));
    if (record.value("status", "") == "removed") enrolments_made.erase(key);
    else enrolments_made[key] = record;
  }
}

// The moodle id behind a reference on an entity; 0 with a reason when there is none.
long long Engine::State::referenced_id(const Entity& e, const std::string& path, std::string& why) {
  PathValue v = setup.store.resolve(e, path);
  if (!v.found) {
    why = v.problem;
    return 0;
  }
  const json& ref = v.value.is_array() ? (v.value.empty() ? json() : v.value[0]) : v.value;
  if (!ref.is_object() || !ref.contains("type") || !ref.contains("id")) {
    why = path + " is empty";
    return 0;
  }
  const Entity* target = setup.store.find(ref["type"].get<std::string>(), ref["id"].get<std::string>());
  if (!target) {
    why = path + " references " + ref["type"].get<std::string>() + " " + ref["id"].get<std::string>() + ", which is not in the export";
    return 0;
  }
  auto mid = target->attributes.find("field_moodle_id");
  MoodleIdDecision d = decide_moodle_id(mid == target->attributes.end() ? json() : *mid);
  if (d.action == MoodleIdAction::update) return d.moodle_id;
  why = d.action == MoodleIdAction::create ? target->label() + " has no moodle id (it was not synced)"
                                           : target->label() + " is ignored (" + d.reason + ")";
  return 0;
}

long long Engine::State::date_of(const Entity& e, const std::string& path) {
  if (path.empty()) return 0;
  PathValue v = setup.store.resolve(e, path);
  if (!v.found) return 0;
  const json& value = v.value.is_array() ? (v.value.empty() ? json() : v.value[0]) : v.value;
  if (value.is_number_integer()) return value.get<long long>();
  if (value.is_string()) return parse_iso8601(value.get<std::string>()).value_or(0);
  return 0;
}

bool Engine::State::plan_enrolments() {
  if (!setup.config.enabled("enrolments") || enrolments_planned) return false;
  enrolments_planned = true;
  const json& settings = setup.config.component("enrolments");
  std::map<std::string, Wanted> wanted;

  if (settings.contains("registration")) {
    const json& reg = settings["registration"];
    std::set<std::string> inactive;
    for (const auto& s : reg.value("inactive_states", json::array())) inactive.insert(s.get<std::string>());
    for (Run* r : runs_of("enrolments")) {
      if (r->finished()) continue;  // ignored by the ignore rule
      std::string why;
      Wanted w;
      w.run = r;
      w.user = referenced_id(*r->entity, reg.value("user_field", ""), why);
      if (w.user) w.course = referenced_id(*r->entity, reg.value("course_field", ""), why);
      if (w.user && w.course) {
        w.role = reg.value("default_role", 5LL);
        if (reg.contains("role_field")) {
          std::string role_why;
          PathValue rv = setup.store.resolve(*r->entity, reg["role_field"].get<std::string>());
          bool has_role = rv.found && !rv.value.is_null() && !(rv.value.is_array() && rv.value.empty());
          if (has_role) w.role = referenced_id(*r->entity, reg["role_field"].get<std::string>(), role_why);
          if (has_role && !w.role) why = "role: " + role_why;
        }
      }
      if (!w.user || !w.course || !w.role) {
        fail(*r, {{"class", "data"}, {"field", !w.user ? "user" : !w.course ? "course" : "role"}, {"message", r->entity->label() + ": " + why}});
        continue;
      }
      if (reg.contains("state_field")) {
        PathValue st = setup.store.resolve(*r->entity, reg["state_field"].get<std::string>());
        if (st.found && st.value.is_string() && inactive.count(st.value.get<std::string>())) w.suspend = 1;
      }
      w.timestart = date_of(*r->entity, reg.value("start_field", ""));
      w.timeend = date_of(*r->entity, reg.value("end_field", ""));
      std::string key = key_of(w.user, w.course, w.role);
      if (wanted.count(key)) {
        w.run->note = "the same enrolment as " + wanted[key].run->entity->label();
        finish(*w.run, "unchanged");
        continue;
      }
      wanted[key] = w;
    }
  }
  if (settings.contains("course_users")) {
    const json& cu = settings["course_users"];
    for (Run* c : runs_of("courses")) {
      if (!c->moodle_id || c->outcome == "failed" || c->outcome == "ignored" || c->outcome == "stale") continue;
      PathValue refs = setup.store.resolve(*c->entity, cu.value("field", ""));
      if (!refs.found || refs.value.is_null()) continue;
      Run run;
      run.component = "enrolments";
      run.entity = c->entity;
      run.idnumber = c->idnumber;
      run.moodle_id = c->moodle_id;
      run.note = "users of " + cu.value("field", std::string()) + " with role " + std::to_string(cu.value("role", 0LL));
      runs.push_back(std::move(run));
      Run* r = &runs.back();
      json list = refs.value.is_array() ? refs.value : json::array({refs.value});
      for (std::size_t i = 0; i < list.size(); ++i) {
        std::string why;
        std::string path = cu.value("field", std::string()) + "." + std::to_string(i);
        long long user = referenced_id(*c->entity, path, why);
        if (!user) {
          fail(*r, {{"class", "data"}, {"field", cu.value("field", std::string())}, {"message", c->entity->label() + ": " + why}});
          continue;
        }
        Wanted w;
        w.run = r;
        w.user = user;
        w.course = c->moodle_id;
        w.role = cu.value("role", 0LL);
        wanted.emplace(key_of(w.user, w.course, w.role), w);
      }
    }
  }

  std::vector<Run*> enrol_runs, unassign_runs, unenrol_runs;
  std::vector<json> enrol_items, unassign_items, unenrol_items;
  auto note_change = [](Run* r, const std::string& key, json old_value, json new_value) {
    r->changes[key] = {{"old", std::move(old_value)}, {"new", std::move(new_value)}};
  };
  std::set<Run*> touched;
  for (auto& [key, w] : wanted) {
    auto made = enrolments_made.find(key);
    json item = enrolment_item(w);
    std::string label = "user " + std::to_string(w.user) + " in course " + std::to_string(w.course) + " as role " + std::to_string(w.role);
    if (made == enrolments_made.end()) {
      note_change(w.run, label, nullptr, w.suspend ? "suspended" : "active");
    } else if (made->second.value("suspend", 0) != w.suspend || made->second.value("timestart", 0LL) != w.timestart ||
               made->second.value("timeend", 0LL) != w.timeend) {
      note_change(w.run, label, made->second.value("suspend", 0) ? "suspended" : "active", w.suspend ? "suspended" : "active");
    } else {
      continue;
    }
    if (w.run->outcome == "failed") continue;
    w.run->planned = made == enrolments_made.end() && w.run->planned != "updated" ? "created" : "updated";
    touched.insert(w.run);
    enrol_runs.push_back(w.run);
    enrol_items.push_back(item);
  }
  // Enrolments made earlier that Drupal no longer wants.
  std::string removal = settings.value("removal", "suspend");
  for (const auto& [key, record] : enrolments_made) {
    if (wanted.count(key)) continue;
    long long user = record.value("userid", 0LL), course = record.value("courseid", 0LL), role = record.value("roleid", 0LL);
    bool other_role_wanted = false, other_role_made = false;
    for (const auto& [k, w] : wanted) other_role_wanted |= w.user == user && w.course == course;
    for (const auto& [k, m] : enrolments_made) {
      other_role_made |= k != key && !wanted.count(k) ? false : (k != key && m.value("userid", 0LL) == user && m.value("courseid", 0LL) == course);
    }
    orphan_entities.push_back(Entity{});
    Entity& e = orphan_entities.back();
    e.type = record.value("type", std::string("enrolment"));
    e.uuid = record.value("uuid", std::string("(gone)"));
    e.id = record.value("id", 0LL);
    Run run;
    run.component = "enrolments";
    run.entity = &e;
    run.idnumber = record.value("idnumber", std::string());
    run.note = "no longer in Drupal";
    runs.push_back(std::move(run));
    Run* r = &runs.back();
    std::string label = "user " + std::to_string(user) + " in course " + std::to_string(course) + " as role " + std::to_string(role);
    json base = {{"userid", user}, {"courseid", course}};
    if (other_role_wanted || other_role_made || removal == "unassign_role") {
      if (other_role_wanted || other_role_made) {
        // The user keeps another role in the course: take away only this one.
        r->changes[label] = {{"old", "active"}, {"new", "role removed"}};
        r->planned = "updated";
        unassign_runs.push_back(r);
        unassign_items.push_back({{"roleid", role}, {"userid", user}, {"contextlevel", "course"}, {"instanceid", course}});
        continue;
      }
    }
    if (removal == "suspend") {
      if (record.value("suspend", 0) == 1) {
        finish(*r, "unchanged");
        continue;
      }
      r->changes[label] = {{"old", "active"}, {"new", "suspended"}};
      r->planned = "updated";
      Wanted w{user, course, role, 1, record.value("timestart", 0LL), record.value("timeend", 0LL), r};
      enrol_runs.push_back(r);
      enrol_items.push_back(enrolment_item(w));
    } else {
      r->changes[label] = {{"old", "active"}, {"new", nullptr}};
      r->planned = "deleted";
      unenrol_runs.push_back(r);
      unenrol_items.push_back(base);
    }
  }
  for (Run* r : runs_of("enrolments")) {
    if (!r->finished() && !touched.count(r) && r->planned.empty()) finish(*r, r->changes.empty() ? "unchanged" : "updated");
  }
  if (!writes) {
    for (auto* list : {&enrol_runs, &unassign_runs, &unenrol_runs}) {
      for (Run* r : *list) {
        if (!r->finished()) finish(*r, guard.writes_allowed ? r->planned : "blocked");
      }
    }
    return true;
  }
  auto journal_enrolment = [](const Run& r, const json& item, const std::string& status) {
    json record = {{"kind", "enrolment"}, {"userid", item["userid"]}, {"courseid", item.value("courseid", item.value("instanceid", 0LL))},
                   {"roleid", item.value("roleid", 0LL)}, {"suspend", item.value("suspend", 0)}, {"timestart", item.value("timestart", 0LL)},
                   {"timeend", item.value("timeend", 0LL)}, {"status", status}, {"type", r.entity->type}, {"uuid", r.entity->uuid},
                   {"id", r.entity->id}, {"idnumber", r.idnumber}};
    return record;
  };
  BatchSpec enrol;
  enrol.wsfunction = "enrol_manual_enrol_users";
  enrol.list_key = "enrolments";
  enrol.component = "enrolments";
  enrol.success_outcome = "";
  enrol.committed_errorcode = "Message was not sent.";
  enrol.journal_of = [journal_enrolment](const Run& r, const json& item) { return journal_enrolment(r, item, "active"); };
  if (!enrol_items.empty()) queue_batches(enrol, enrol_runs, enrol_items);
  BatchSpec unassign = enrol;
  unassign.wsfunction = "core_role_unassign_roles";
  unassign.list_key = "unassignments";
  unassign.committed_errorcode.clear();
  unassign.journal_of = [journal_enrolment](const Run& r, const json& item) { return journal_enrolment(r, item, "removed"); };
  if (!unassign_items.empty()) queue_batches(unassign, unassign_runs, unassign_items);
  BatchSpec unenrol = unassign;
  unenrol.wsfunction = "enrol_manual_unenrol_users";
  unenrol.list_key = "enrolments";
  // unenrol removes the whole enrolment with all its roles: every role moodle-sync made goes too.
  unenrol.journal_of = [this, journal_enrolment](const Run& r, const json& item) {
    json records = json::array();
    for (const auto& [k, m] : enrolments_made) {
      if (m.value("userid", 0LL) == item["userid"].get<long long>() && m.value("courseid", 0LL) == item["courseid"].get<long long>()) {
        json gone = item;
        gone["roleid"] = m.value("roleid", 0LL);
        records.push_back(journal_enrolment(r, gone, "removed"));
      }
    }
    return records;
  };
  if (!unenrol_items.empty()) queue_batches(unenrol, unenrol_runs, unenrol_items);
  return true;
}

}  // namespace moodle_sync
