// Enrolments: registrations (user, course, role, state, dates) and user references on courses ->
// manual enrolments. Moodle cannot list enrolments cheaply, and only enrolments moodle-sync made
// may ever be suspended or removed, so the journal is the record of what was made: each run
// compares what Drupal wants with it and sends only the difference. An enrolment that already
// existed in Moodle is taken over as "adopted" and never suspended or removed.
#include <set>

#include "engine/engine_state.hpp"
#include "moodle_sync/component_entities.hpp"
#include "moodle_sync/moodle_id.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

std::string key_of(long long user, long long course, long long role) {
  return std::to_string(user) + ":" + std::to_string(course) + ":" + std::to_string(role);
}

json enrolment_item(const EnrolmentWish& w) {
  json item = {{"roleid", w.role}, {"userid", w.user}, {"courseid", w.course}, {"suspend", w.suspend}};
  if (w.timestart) item["timestart"] = w.timestart;
  if (w.timeend) item["timeend"] = w.timeend;
  return item;
}

std::string change_label(long long user, long long course, long long role) {
  return "user " + std::to_string(user) + " in course " + std::to_string(course) + " as role " + std::to_string(role);
}

json journal_enrolment(const Run& r, const json& item, const std::string& status, bool adopted = false) {
  json record = {{"kind", "enrolment"}, {"userid", item["userid"]}, {"courseid", item.value("courseid", item.value("instanceid", 0LL))},
                 {"roleid", item.value("roleid", 0LL)}, {"suspend", item.value("suspend", 0)}, {"timestart", item.value("timestart", 0LL)},
                 {"timeend", item.value("timeend", 0LL)}, {"status", status}, {"type", r.entity->type}, {"uuid", r.entity->uuid},
                 {"id", r.entity->id}, {"idnumber", r.idnumber}};
  if (adopted) record["adopted"] = true;
  return record;
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

// The moodle id behind a field of an entity (a reference, or with `id_type` an attribute holding an
// entity id); 0 with a reason when there is none.
long long Engine::State::referenced_id(const Entity& e, const std::string& path, std::string& why, bool* ignored,
                                       const std::string& id_type, std::string* cause) {
  FieldTarget found_target = setup.store.target_of(e, path, id_type);
  const Entity* target = found_target.entity;
  if (!target) {
    why = found_target.problem;
    return 0;
  }
  // When the referenced entity was synced in this run, its own outcome says whether its id is good.
  if (auto found = entity_runs.find(target); found != entity_runs.end()) {
    const Run& other = *found->second;
    if (other.outcome == "ignored") {
      why = target->label() + " is ignored (" + (other.note.empty() ? std::string("ignore rule") : other.note) + ")";
      if (ignored) *ignored = true;
      return 0;
    }
  }
  if (!target->unusable.empty()) {  // stale or failed in this run: what depends on it is skipped
    why = target->unusable;
    if (cause) *cause = target->unusable;
    return 0;
  }
  auto mid = target->attributes.find("field_moodle_id");
  MoodleIdDecision d = decide_moodle_id(mid == target->attributes.end() ? json() : *mid);
  if (d.action == MoodleIdAction::update) return d.moodle_id;
  if (d.action == MoodleIdAction::ignore && ignored) *ignored = true;
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
  // After a failed read nothing is known for sure about what Moodle holds: decide nothing.
  if (!setup.config.enabled("enrolments") || enrolment_step >= 2 || !fatal.is_null()) return false;
  if (enrolment_step++ == 0) collect_enrolment_wishes();
  else decide_enrolments();
  return true;
}

// Step 1: what Drupal wants, and a read of the courses where something new would be enrolled, so
// that enrolments that already exist are taken over rather than claimed.
void Engine::State::collect_enrolment_wishes() {
  const json& settings = setup.config.component("enrolments");
  for (const auto& r : runs) {
    if (r.component == "users" || r.component == "courses") entity_runs[r.entity] = &r;
  }
  std::vector<EnrolmentWish> candidates;
  auto unresolved = [this](Run* r, json error) {
    enrolment_sources_unresolved.insert({r->entity->type, r->entity->uuid});
    fail(*r, std::move(error));
  };
  if (settings.contains("registration")) {
    const json& reg = settings["registration"];
    std::string type = reg.value("type", "");
    if (!setup.store.of_type(type).empty()) enrolment_source_types.insert(type);
    std::set<std::string> inactive;
    for (const auto& s : reg.value("inactive_states", json::array())) inactive.insert(s.get<std::string>());
    for (Run* r : runs_of("enrolments")) {
      if (r->finished()) {  // ignored by the ignore rule: left as it is, never removed
        enrolment_sources_unresolved.insert({r->entity->type, r->entity->uuid});
        continue;
      }
      std::string why, cause;
      bool ignored = false;
      EnrolmentWish w;
      w.run = r;
      w.user = referenced_id(*r->entity, reg.value("user_field", ""), why, &ignored, "", &cause);
      if (w.user) w.course = referenced_id(*r->entity, reg.value("course_field", ""), why, &ignored, entity_type_of(setup.config, "courses"), &cause);
      if (ignored) {  // the user or the course is kept out of the sync: so is its enrolment
        enrolment_sources_unresolved.insert({r->entity->type, r->entity->uuid});
        r->note = why;
        finish(*r, "ignored");
        continue;
      }
      if (!cause.empty()) {  // the user or the course could not be synced: reported there, once
        enrolment_sources_unresolved.insert({r->entity->type, r->entity->uuid});
        skip(*r, cause);
        continue;
      }
      if (w.user && w.course) {
        w.role = reg.value("default_role", 5LL);
        if (reg.contains("role_field")) {
          PathValue rv = setup.store.resolve(*r->entity, reg["role_field"].get<std::string>());
          if (rv.found && !rv.value.is_null() && !(rv.value.is_array() && rv.value.empty())) {
            std::string role_why;
            w.role = referenced_id(*r->entity, reg["role_field"].get<std::string>(), role_why);
            if (!w.role) why = "role: " + role_why;
          }
        }
      }
      if (!w.user || !w.course || !w.role) {
        // A pair with a source that cannot be read is left exactly as it is: that source may be
        // the active one, so the others alone must not suspend or take away anything.
        if (w.user && w.course) enrolment_pairs_held.emplace(std::make_pair(w.user, w.course), r->entity->label() + " failed (" + why + ")");
        unresolved(r, {{"class", "data"}, {"field", !w.user ? "user" : !w.course ? "course" : "role"}, {"message", r->entity->label() + ": " + why}});
        continue;
      }
      if (reg.contains("state_field")) {
        PathValue st = setup.store.resolve(*r->entity, reg["state_field"].get<std::string>());
        if (st.found && st.value.is_string() && inactive.count(st.value.get<std::string>())) w.suspend = 1;
      }
      w.timestart = date_of(*r->entity, reg.value("start_field", ""));
      w.timeend = date_of(*r->entity, reg.value("end_field", ""));
      candidates.push_back(w);
    }
  }
  if (settings.contains("course_users")) {
    const json& cu = settings["course_users"];
    std::string field = cu.value("field", std::string());
    for (Run* c : runs_of("courses")) {
      enrolment_source_types.insert(c->entity->type);
      bool course_ok = c->moodle_id && c->outcome != "failed" && c->outcome != "ignored" && c->outcome != "stale";
      PathValue refs = setup.store.resolve(*c->entity, field);
      if (!course_ok || !refs.found) {
        enrolment_sources_unresolved.insert({c->entity->type, c->entity->uuid});
        continue;
      }
      json list = refs.value.is_null() ? json::array() : refs.value.is_array() ? refs.value : json::array({refs.value});
      for (std::size_t i = 0; i < list.size(); ++i) {
        // One run per referenced user, so that one unresolvable user does not hold back the others.
        Run run;
        run.component = "enrolments";
        run.entity = c->entity;
        run.idnumber = c->idnumber;
        run.moodle_id = c->moodle_id;
        runs.push_back(std::move(run));
        Run* r = &runs.back();
        std::string why, cause;
        long long user = referenced_id(*c->entity, refs.value.is_array() ? field + "." + std::to_string(i) : field, why, nullptr, "", &cause);
        r->note = field + "[" + std::to_string(i) + "] with role " + std::to_string(cu.value("role", 0LL));
        if (!cause.empty()) {
          enrolment_sources_unresolved.insert({c->entity->type, c->entity->uuid});
          skip(*r, cause);
          continue;
        }
        if (!user) {
          unresolved(r, {{"class", "data"}, {"field", field}, {"message", c->entity->label() + ": " + why}});
          continue;
        }
        EnrolmentWish w;
        w.run = r;
        w.user = user;
        w.course = c->moodle_id;
        w.role = cu.value("role", 0LL);
        candidates.push_back(w);
      }
    }
  }
  merge_enrolment_wishes(candidates);
  // Courses created in this run hold no enrolment yet; the others are read where something is new.
  std::set<long long> fresh_courses, to_read;
  for (const auto& r : runs) {
    if ((r.component == "courses" || r.component == "templates") && r.outcome == "created") fresh_courses.insert(r.moodle_id);
  }
  for (const auto& [key, w] : enrolment_wishes) {
    if (!enrolments_made.count(key) && !fresh_courses.count(w.course) && w.course < next_placeholder_start) to_read.insert(w.course);
  }
  for (long long course : to_read) {
    push_read("core_enrol_get_enrolled_users", {{"courseid", course}, {"options", json::array({{{"name", "userfields"}, {"value", "id,roles"}}})}},
              "the enrolments of course " + std::to_string(course), [this, course](const json& users) {
                if (!users.is_array()) return;
                for (const auto& u : users) {
                  if (!u.is_object() || !u.contains("id") || !u["id"].is_number_integer()) continue;
                  for (const auto& role : u.value("roles", json::array())) {
                    if (role.is_object() && role.contains("roleid") && role["roleid"].is_number_integer()) {
                      enrolled_before.insert(key_of(u["id"].get<long long>(), course, role["roleid"].get<long long>()));
                    }
                  }
                  enrolled_before.insert(std::to_string(u["id"].get<long long>()) + ":" + std::to_string(course));
                }
              });
  }
}

// Step 2: send what differs from what moodle-sync made, and take back only what it made.
void Engine::State::decide_enrolments() {
  const json& settings = setup.config.component("enrolments");
  std::vector<Run*> enrol_runs, unassign_runs, unenrol_runs, adopted_runs, assign_runs, vanished_runs;
  std::vector<json> enrol_items, unassign_items, unenrol_items, adopted_records, assign_items, vanished_records;
  // Users and courses deleted from Moodle in this run took their enrolments with them; so did a
  // course that Moodle no longer has at all (deleted in an earlier run, or by hand).
  std::set<long long> deleted_users, deleted_courses, courses_now;
  for (const auto& r : runs) {
    bool course = r.component == "courses" || r.component == "templates";
    if (r.component == "users" && r.outcome == "deleted") deleted_users.insert(r.moodle_id);
    if (course && r.outcome == "deleted") deleted_courses.insert(r.moodle_id);
    else if (course && r.moodle_id && r.outcome != "stale" && r.outcome != "failed") courses_now.insert(r.moodle_id);  // made or found in this run
  }
  const MoodleTable& courses_table = tables["course"];
  auto course_gone = [&](long long course) {
    if (deleted_courses.count(course)) return true;
    return courses_table.loaded() && !courses_table.by_id(course) && !courses_now.count(course);
  };
  std::set<Run*> touched;
  std::set<std::pair<long long, long long>> pairs_made;  // (user, course) of enrolments moodle-sync itself made
  for (const auto& [key, m] : enrolments_made) {
    if (!m.value("shared", false) && !m.value("adopted", false)) pairs_made.insert({m.value("userid", 0LL), m.value("courseid", 0LL)});
  }
  for (auto& [key, w] : enrolment_wishes) {
    if (w.run->finished()) continue;
    auto made = enrolments_made.find(key);
    std::string label = change_label(w.user, w.course, w.role);
    json state = w.suspend ? "suspended" : "active";
    if (made == enrolments_made.end() && enrolled_before.count(key)) {
      // Enrolled before moodle-sync knew of it: recorded, never changed, suspended or removed.
      w.run->note = "already enrolled in Moodle: taken over as it is";
      w.run->planned = "adopted";
      adopted_runs.push_back(w.run);
      adopted_records.push_back(journal_enrolment(*w.run, enrolment_item(w), "active", true));
      continue;
    }
    // moodle-sync's own enrolment of the pair (under another role) is not one made by hand.
    bool pair_made = pairs_made.count({w.user, w.course}) > 0;
    if (made == enrolments_made.end() && !pair_made && enrolled_before.count(std::to_string(w.user) + ":" + std::to_string(w.course))) {
      // Someone enrolled this user by hand: add the role only, leaving that enrolment's state and
      // dates alone; removing it later takes away this role only. An inactive registration adds nothing.
      if (w.suspend) {
        w.run->note = "enrolled in Moodle by hand; an inactive registration adds no role to it";
        continue;
      }
      w.run->changes[label] = {{"old", nullptr}, {"new", "role added"}};
      w.run->planned = "created";
      touched.insert(w.run);
      assign_runs.push_back(w.run);
      assign_items.push_back({{"roleid", w.role}, {"userid", w.user}, {"contextlevel", "course"}, {"instanceid", w.course}});
      continue;
    }
    if (made != enrolments_made.end() && made->second.value("shared", false)) {
      // The enrolment was made by hand and only the role is moodle-sync's: it is never enrolled
      // again (that would reset its status and dates); an inactive registration takes the role back.
      if (!w.suspend) continue;
      w.run->changes[label] = {{"old", "role added"}, {"new", "role removed"}};
      w.run->planned = "updated";
      touched.insert(w.run);
      unassign_runs.push_back(w.run);
      unassign_items.push_back({{"roleid", w.role}, {"userid", w.user}, {"contextlevel", "course"}, {"instanceid", w.course}});
      continue;
    }
    if (made != enrolments_made.end()) {
      const json& m = made->second;
      bool same = m.value("adopted", false) || (m.value("suspend", 0) == w.suspend && m.value("timestart", 0LL) == w.timestart &&
                                                m.value("timeend", 0LL) == w.timeend);
      if (same) continue;
      w.run->changes[label] = {{"old", m.value("suspend", 0) ? "suspended" : "active"}, {"new", state}};
      if (w.run->planned != "created") w.run->planned = "updated";
    } else {
      w.run->changes[label] = {{"old", nullptr}, {"new", state}};
      w.run->planned = "created";
    }
    touched.insert(w.run);
    enrol_runs.push_back(w.run);
    enrol_items.push_back(enrolment_item(w));
  }

  // Enrolments made earlier that Drupal no longer wants.
  std::string removal = settings.value("removal", "suspend");
  for (const auto& [key, record] : enrolments_made) {
    if (enrolment_wishes.count(key) || record.value("adopted", false)) continue;
    std::pair<std::string, std::string> source = {record.value("type", std::string()), record.value("uuid", std::string())};
    // A source that is still there but could not be resolved, or an export without any source of
    // that kind or with one page of them only (incomplete), takes nothing away.
    if (enrolment_pairs_held.count({record.value("userid", 0LL), record.value("courseid", 0LL)})) continue;
    if (enrolment_sources_unresolved.count(source) || !enrolment_source_types.count(source.first) ||
        setup.store.incomplete(source.first)) continue;
    long long user = record.value("userid", 0LL), course = record.value("courseid", 0LL), role = record.value("roleid", 0LL);
    bool keeps_other_role = record.value("shared", false);
    for (const auto& [k, w] : enrolment_wishes) keeps_other_role |= w.user == user && w.course == course;
    Entity* entity = setup.store.find(source.first, source.second);
    if (!entity) {
      orphan_entities.push_back(Entity{});
      entity = &orphan_entities.back();
      entity->type = source.first;
      entity->uuid = source.second;
      entity->id = record.value("id", EntityId());
    }
    Run run;
    run.component = "enrolments";
    run.entity = entity;
    run.idnumber = record.value("idnumber", std::string());
    run.note = setup.store.find(source.first, source.second) ? "changed in Drupal" : "no longer in Drupal";
    runs.push_back(std::move(run));
    Run* r = &runs.back();
    std::string label = change_label(user, course, role);
    if (deleted_users.count(user) || course_gone(course)) {
      r->note = deleted_users.count(user) ? "gone with its user, who was deleted" : "gone with its course, which Moodle no longer has";
      vanished_runs.push_back(r);
      vanished_records.push_back(journal_enrolment(*r, {{"userid", user}, {"courseid", course}, {"roleid", role}}, "removed"));
      continue;
    }
    if (keeps_other_role || removal == "unassign_role") {
      bool other_made = false;
      for (const auto& [k, m] : enrolments_made) {
        other_made |= k != key && m.value("userid", 0LL) == user && m.value("courseid", 0LL) == course && enrolment_wishes.count(k);
      }
      if (keeps_other_role || other_made) {
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
      EnrolmentWish w{user, course, role, 1, record.value("timestart", 0LL), record.value("timeend", 0LL), r};
      enrol_runs.push_back(r);
      enrol_items.push_back(enrolment_item(w));
    } else {
      r->changes[label] = {{"old", "active"}, {"new", nullptr}};
      r->planned = "deleted";
      unenrol_runs.push_back(r);
      unenrol_items.push_back({{"userid", user}, {"courseid", course}});
    }
  }
  for (Run* r : runs_of("enrolments")) {
    if (!r->finished() && !touched.count(r) && r->planned.empty()) finish(*r, "unchanged");
  }
  if (!writes) {
    for (auto* list : {&enrol_runs, &unassign_runs, &unenrol_runs, &adopted_runs, &assign_runs, &vanished_runs}) {
      for (Run* r : *list) {
        if (!r->finished()) finish(*r, guard.writes_allowed ? r->planned : "blocked");
      }
    }
    return;
  }
  for (Run* r : adopted_runs) finish(*r, "adopted");
  if (!adopted_records.empty()) queue.push_back(journal_task(adopted_records, adopted_runs));
  for (Run* r : vanished_runs) finish(*r, "deleted");
  if (!vanished_records.empty()) queue.push_back(journal_task(vanished_records, vanished_runs));
  BatchSpec enrol;
  enrol.wsfunction = "enrol_manual_enrol_users";
  enrol.list_key = "enrolments";
  enrol.component = "enrolments";
  enrol.success_outcome = "";
  enrol.committed_errorcode = "Message was not sent.";
  enrol.journal_of = [](const Run& r, const json& item) { return journal_enrolment(r, item, "active"); };
  if (!enrol_items.empty()) queue_batches(enrol, enrol_runs, enrol_items);
  BatchSpec unassign = enrol;
  unassign.wsfunction = "core_role_unassign_roles";
  unassign.list_key = "unassignments";
  unassign.committed_errorcode.clear();
  unassign.journal_of = [](const Run& r, const json& item) { return journal_enrolment(r, item, "removed"); };
  if (!unassign_items.empty()) queue_batches(unassign, unassign_runs, unassign_items);
  BatchSpec assign = unassign;
  assign.wsfunction = "core_role_assign_roles";
  assign.list_key = "assignments";
  assign.journal_of = [](const Run& r, const json& item) {
    json record = journal_enrolment(r, item, "active");
    record["shared"] = true;  // the enrolment itself was made by hand
    return record;
  };
  if (!assign_items.empty()) queue_batches(assign, assign_runs, assign_items);
  BatchSpec unenrol = unassign;
  unenrol.wsfunction = "enrol_manual_unenrol_users";
  unenrol.list_key = "enrolments";
  // unenrol removes the whole enrolment with all its roles: every role moodle-sync made goes too.
  unenrol.journal_of = [this](const Run& r, const json& item) {
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
}

}  // namespace moodle_sync
