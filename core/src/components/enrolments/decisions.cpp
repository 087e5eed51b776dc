// Step 2 of enrolments: what Drupal wants against what the records and Moodle say, and the calls
// that close the difference. Every write call is preceded by its intent in the state store.
//
// A pair found enrolled in Moodle without a confirmed record (a journal lost, never kept, or an
// intent whose answer never came) is claimed by its registration. Its first sync sends only
// where the state Moodle shows differs from Drupal's (active, suspended, a role missing) and
// otherwise records the claim without a call: Moodle's web services do not show an enrolment's
// dates, and sending every such pair would make each run without a journal write them all again.
// With a record, later changes of the dates are sent as before. Moodle reports as not active an
// enrolment outside its period too: without a journal, such a pair whose registration is active
// is sent again (the core has no clock to tell the two apart), which sets what Drupal says.
#include <functional>
#include <memory>
#include <set>

#include "components/enrolments/enrolments_state.hpp"
#include "engine/read_forms.hpp"

namespace moodle_sync {
namespace {

json enrolment_item(const EnrolmentWish& w) {
  json item = {{"roleid", w.role}, {"userid", w.user}, {"courseid", w.course}, {"suspend", w.suspend}};
  if (w.timestart) item["timestart"] = w.timestart;
  if (w.timeend) item["timeend"] = w.timeend;
  return item;
}

json role_item(long long user, long long course, long long role) {
  return {{"roleid", role}, {"userid", user}, {"contextlevel", "course"}, {"instanceid", course}};
}

std::string change_label(long long user, long long course, long long role) {
  return "user " + std::to_string(user) + " in course " + std::to_string(course) + " as role " + std::to_string(role);
}

// The values an enrolment's record in the state store carries beside its source.
struct RecordValues {
  long long course = 0, role = 0;
  int suspend = 0;
  long long timestart = 0, timeend = 0;
};

json record_of(const Run& r, json userid, const RecordValues& v, const std::string& status) {
  return {{"kind", "enrolment"}, {"userid", std::move(userid)}, {"courseid", v.course}, {"roleid", v.role}, {"suspend", v.suspend},
          {"timestart", v.timestart}, {"timeend", v.timeend}, {"status", status}, {"type", r.entity->type}, {"uuid", r.entity->uuid},
          {"id", r.entity->id}, {"idnumber", r.idnumber}};
}

// The record of a call's item (an enrolment, a role (un)assignment, an unenrolment) or of a claim.
json record_of(const Run& r, const json& item, const std::string& status) {
  return record_of(r, item["userid"],
                   {item.value("courseid", item.value("instanceid", 0LL)), item.value("roleid", 0LL), item.value("suspend", 0),
                    item.value("timestart", 0LL), item.value("timeend", 0LL)},
                   status);
}

// The record of a wish as enrolment_item sends it, made without the item.
json record_of(const Run& r, const EnrolmentWish& w, const std::string& status) {
  return record_of(r, w.user, {w.course, w.role, w.suspend, w.timestart, w.timeend}, status);
}

// The record of a role assigned beside a hand-made enrolment, as role_item sends it.
json role_record_of(const Run& r, const EnrolmentWish& w, const std::string& status) {
  return record_of(r, w.user, {w.course, w.role, 0, 0, 0}, status);
}

json with_flag(json record, const char* flag) {
  record[flag] = true;
  return record;
}

// A pair to take back: a registration gone, or canceled under `removal: unenrol | unassign_role`.
struct Removal {
  Run* run;
  long long user, course, role;
  json record;  // the claim: its last values (suspend, dates)
};

}  // namespace

void Engine::State::decide_enrolments() {
  EnrolmentsState& es = enrolments_state(*this);
  const json& settings = setup.config.component("enrolments");
  const std::string removal = settings.value("removal", "suspend");
  const EnrolmentClaims& claims = es.claims;
  for (const auto& pair : es.pairs_active) {
    if (auto found = es.moodle_pairs.find(pair); found != es.moodle_pairs.end()) found->second.active = true;
  }
  std::vector<Run*> enrol_runs, unassign_runs, unenrol_runs, confirmed_runs, assign_runs, vanished_runs;
  std::vector<json> enrol_items, unassign_items, unenrol_items, confirmed_records, assign_items, vanished_records;
  std::vector<Removal> removals;
  std::vector<Run*> with_pair_runs;
  // Users and courses deleted from Moodle in this run took their enrolments with them; so did a
  // course that Moodle no longer has at all (deleted in an earlier run, or by hand).
  std::set<long long> deleted_users, deleted_courses, courses_now, fresh_courses;
  for (const auto& r : runs) {
    bool course = r.component == "courses" || r.component == "templates";
    if (r.component == "users" && r.outcome == Outcome::deleted) deleted_users.insert(r.moodle_id);
    if (course && r.outcome == Outcome::deleted) deleted_courses.insert(r.moodle_id);
    else if (course && r.moodle_id && r.outcome != Outcome::stale && r.outcome != Outcome::failed) courses_now.insert(r.moodle_id);
    if (course && r.outcome == Outcome::created) fresh_courses.insert(r.moodle_id);
  }
  const MoodleTable& courses_table = tables["course"];
  auto course_gone = [&](long long course) {
    if (deleted_courses.count(course)) return true;
    // Only a read that would have returned the course says it is gone (an id list holds only what it asked for).
    return courses_table.loaded() && table_read_covers(*this, "course", course) && !courses_table.by_id(course) && !courses_now.count(course);
  };
  // What Moodle holds of a pair, when its course was read (a course made in this run holds nothing).
  auto seen = [&](long long user, long long course) -> const MoodlePair* {
    auto found = es.moodle_pairs.find({user, course});
    return found == es.moodle_pairs.end() ? nullptr : &found->second;
  };
  auto known_course = [&](long long course) {
    return es.courses_read.count(course) || fresh_courses.count(course) || course >= next_placeholder_start;
  };
  std::map<std::pair<long long, long long>, std::set<long long>> wished_roles;
  for (const auto& [key, w] : es.wishes) wished_roles[{w.user, w.course}].insert(w.role);
  // Someone else has a stake in the pair's enrolment: a record says so, or Moodle holds a role no
  // registration asks for and moodle-sync never claimed. Only the registration's role is touched.
  auto hand_made = [&](long long user, long long course) {
    if (claims.shared(user, course)) return true;
    const MoodlePair* pair = seen(user, course);
    if (!pair) return false;
    std::set<long long> ours = claims.claimed_roles(user, course);
    for (long long role : wished_roles[{user, course}]) ours.insert(role);
    for (long long role : pair->roles) {
      if (!ours.count(role)) return true;
    }
    return false;
  };
  // The record is made only by a run that writes: a dry run journals nothing.
  auto confirm = [&](Run* r, const std::function<json()>& record, const std::string& note, Intent planned) {
    r->note = note;
    r->planned = planned;
    confirmed_runs.push_back(r);
    if (writes) confirmed_records.push_back(record());
  };
  std::set<Run*> touched;
  for (auto& entry : es.wishes) {
    const std::string& key = entry.first;
    EnrolmentWish& w = entry.second;  // a reference the lambdas below may capture (a binding may not)
    if (w.run->finished()) continue;
    // A canceled registration takes its enrolment away per policy; `suspend` is a state it is sent.
    bool takes_away = w.suspend && removal != "suspend";
    auto known = claims.known.find(key);
    auto label = [&w]() { return change_label(w.user, w.course, w.role); };  // only for what changes
    auto send = [&](json old_state, Intent planned) {
      w.run->changes[label()] = {{"old", std::move(old_state)}, {"new", w.suspend ? "suspended" : "active"}};
      if (w.run->planned != Intent::create) w.run->planned = planned;
      touched.insert(w.run);
      enrol_runs.push_back(w.run);
      enrol_items.push_back(enrolment_item(w));
    };
    auto assign = [&]() {
      w.run->changes[label()] = {{"old", nullptr}, {"new", "role added"}};
      w.run->planned = Intent::create;
      touched.insert(w.run);
      assign_runs.push_back(w.run);
      assign_items.push_back(role_item(w.user, w.course, w.role));
    };
    auto unassign = [&]() {
      w.run->changes[label()] = {{"old", "role added"}, {"new", "role removed"}};
      w.run->planned = Intent::update;
      touched.insert(w.run);
      unassign_runs.push_back(w.run);
      unassign_items.push_back(role_item(w.user, w.course, w.role));
    };
    if (known != claims.known.end() && known->second->value("shared", false)) {
      // A role beside an enrolment made by hand: never enrolled again (that would reset its status
      // and dates); an inactive registration takes the role back.
      if (w.suspend) unassign();
      continue;
    }
    if (known != claims.known.end()) {
      const json& m = *known->second;
      if (takes_away) {
        removals.push_back({w.run, w.user, w.course, w.role, m});
        continue;
      }
      bool same = m.value("suspend", 0) == w.suspend && m.value("timestart", 0LL) == w.timestart && m.value("timeend", 0LL) == w.timeend;
      if (!same) send(m.value("suspend", 0) ? "suspended" : "active", Intent::update);
      continue;
    }
    if (w.suspend && claims.removed.count(key)) {
      w.run->note = "canceled; its enrolment was removed before";
      continue;
    }
    // No confirmed record: Moodle was read (or the course is new).
    const MoodlePair* pair = seen(w.user, w.course);
    bool has_role = pair && pair->roles.count(w.role);
    if (pair && hand_made(w.user, w.course)) {
      if (!w.suspend && has_role) {
        confirm(w.run, [&w]() { return with_flag(role_record_of(*w.run, w, "active"), "shared"); },
                "enrolled in Moodle by hand with this role too: the role is claimed", Intent::adopt);
      } else if (!w.suspend) {
        assign();
      } else if (has_role) {
        unassign();
      } else {
        w.run->note = "enrolled in Moodle by hand; an inactive registration adds no role to it";
      }
      continue;
    }
    if (pair) {
      // Enrolled already, and nothing in the enrolment is anyone else's: the registration claims it.
      if (takes_away) {
        json observed = record_of(*w.run, w, "active");
        observed["suspend"] = pair->active ? 0 : 1;
        removals.push_back({w.run, w.user, w.course, w.role, std::move(observed)});
        continue;
      }
      if (has_role && pair->active == !w.suspend) {
        confirm(w.run, [&w]() { return record_of(*w.run, w, "active"); }, "already enrolled in Moodle: claimed by its registration", Intent::adopt);
        continue;
      }
      w.run->note = "already enrolled in Moodle: claimed by its registration, which it now follows";
      send(has_role ? json(pair->active ? "active" : "suspended") : json(), has_role ? Intent::update : Intent::create);
      continue;
    }
    if (takes_away) {
      if (known_course(w.course)) confirm(w.run, [&w]() { return record_of(*w.run, w, "removed"); }, "canceled, and not enrolled in Moodle", Intent::unchanged);
      else w.run->note = "canceled, and not enrolled in Moodle";
      continue;
    }
    send(nullptr, Intent::create);
  }

  // Claims whose registration Drupal no longer has.
  for (const auto* list : {&claims.known, &claims.unknown}) {
    for (const auto& [key, claimed] : *list) {
      if (es.wishes.count(key)) continue;
      const json& record = *claimed;
      std::pair<std::string, std::string> source = {record.value("type", std::string()), record.value("uuid", std::string())};
      long long user = record.value("userid", 0LL), course = record.value("courseid", 0LL), role = record.value("roleid", 0LL);
      // A source that is still there but could not be resolved, or an export without any source of
      // that kind or with one page of them only (incomplete), takes nothing away.
      // A census lists every registration Drupal has: one missing from it is gone, whatever was read.
      if (es.pairs_held.count({user, course})) continue;
      if (es.sources_unresolved.count(source)) continue;
      if (!gone_by_census(source.first, source.second) && (!es.source_types.count(source.first) || partial(source.first))) continue;
      json claim = record;
      bool state_unknown = list == &claims.unknown;
      if (state_unknown && !course_gone(course)) {
        if (!known_course(course)) continue;  // not read: decided on the next run
        const MoodlePair* pair = seen(user, course);
        if (!pair || !pair->roles.count(role)) claim["status"] = "removed";  // the intent never took effect
        else claim["suspend"] = pair->active ? 0 : 1;
      }
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
      if (claim.value("status", "") == "removed") {
        json gone = record_of(*r, claim, "removed");  // made here: a claim of bad values fails the same in a dry run
        confirm(r, [&gone]() { return std::move(gone); }, "no longer in Drupal, and not enrolled in Moodle", Intent::unchanged);
        continue;
      }
      removals.push_back({r, user, course, role, claim});
    }
  }

  std::set<std::pair<long long, long long>> unenrolled;
  for (const Removal& x : removals) {
    Run* r = x.run;
    std::string label = change_label(x.user, x.course, x.role);
    if (deleted_users.count(x.user) || course_gone(x.course)) {
      r->note = deleted_users.count(x.user) ? "gone with its user, who was deleted" : "gone with its course, which Moodle no longer has";
      vanished_runs.push_back(r);
      if (writes) vanished_records.push_back(record_of(*r, x.user, {x.course, x.role, 0, 0, 0}, "removed"));
      continue;
    }
    // The user keeps another role in the course (an active registration, or a hand-made
    // enrolment): take away only this one.
    bool keeps_other_role = x.record.value("shared", false) || hand_made(x.user, x.course);
    for (long long other : wished_roles[{x.user, x.course}]) {
      auto w = es.wishes.find(enrolment_key(x.user, x.course, other));
      keeps_other_role |= other != x.role && w != es.wishes.end() && !w->second.suspend;
    }
    if (keeps_other_role) {
      r->changes[label] = {{"old", "active"}, {"new", "role removed"}};
      r->planned = Intent::update;
      unassign_runs.push_back(r);
      unassign_items.push_back(role_item(x.user, x.course, x.role));
      continue;
    }
    if (removal == "suspend") {
      if (x.record.value("suspend", 0) == 1) {
        if (r->planned == Intent::none) finish(*r, Outcome::unchanged);
        continue;
      }
      r->changes[label] = {{"old", "active"}, {"new", "suspended"}};
      r->planned = Intent::update;
      EnrolmentWish w{x.user, x.course, x.role, 1, x.record.value("timestart", 0LL), x.record.value("timeend", 0LL), r};
      enrol_runs.push_back(r);
      enrol_items.push_back(enrolment_item(w));
      continue;
    }
    r->changes[label] = {{"old", x.record.value("suspend", 0) ? "suspended" : "active"}, {"new", nullptr}};
    r->planned = Intent::delete_object;
    if (!unenrolled.insert({x.user, x.course}).second) {
      with_pair_runs.push_back(r);  // one unenrolment per pair: its other roles go with it
      continue;
    }
    unenrol_runs.push_back(r);
    unenrol_items.push_back({{"userid", x.user}, {"courseid", x.course}});
  }
  for (Run* r : runs_of("enrolments")) {
    if (!r->finished() && !touched.count(r) && r->planned == Intent::none) finish(*r, Outcome::unchanged);
  }
  if (!writes) {  // and on: queue_batches counts what a sync would send (planned_calls) and sends nothing
    for (auto* list : {&enrol_runs, &unassign_runs, &unenrol_runs, &confirmed_runs, &assign_runs, &vanished_runs, &with_pair_runs}) {
      for (Run* r : *list) {
        if (!r->finished()) finish(*r, guard.writes_allowed ? outcome_of(r->planned) : Outcome::blocked);
      }
    }
  } else {
    for (Run* r : confirmed_runs) {
      if (!r->finished() && (r->planned == Intent::adopt || r->planned == Intent::unchanged)) finish(*r, outcome_of(r->planned));
    }
    if (!confirmed_records.empty()) queue.push_back(journal_task(confirmed_records, confirmed_runs));
    for (Run* r : vanished_runs) finish(*r, Outcome::deleted);
    for (Run* r : with_pair_runs) finish(*r, Outcome::deleted);
    if (!vanished_records.empty()) queue.push_back(journal_task(vanished_records, vanished_runs));
  }

  BatchSpec enrol;
  enrol.wsfunction = "enrol_manual_enrol_users";
  enrol.list_key = "enrolments";
  enrol.component = "enrolments";
  enrol.success_outcome = Outcome::none;
  enrol.committed_errorcode = "Message was not sent.";
  enrol.journal_of = [](const Run& r, const json& item) { return record_of(r, item, "active"); };
  enrol.intent_of = [](const Run& r, const json& item) { return with_flag(record_of(r, item, "active"), "intent"); };
  if (!enrol_items.empty()) queue_batches(enrol, std::move(enrol_runs), std::move(enrol_items));
  BatchSpec unassign = enrol;
  unassign.wsfunction = "core_role_unassign_roles";
  unassign.list_key = "unassignments";
  unassign.committed_errorcode.clear();
  unassign.journal_of = [](const Run& r, const json& item) { return record_of(r, item, "removed"); };
  unassign.intent_of = [](const Run& r, const json& item) { return with_flag(record_of(r, item, "removed"), "intent"); };
  if (!unassign_items.empty()) queue_batches(unassign, std::move(unassign_runs), std::move(unassign_items));
  BatchSpec assign = unassign;
  assign.wsfunction = "core_role_assign_roles";
  assign.list_key = "assignments";
  assign.journal_of = [](const Run& r, const json& item) { return with_flag(record_of(r, item, "active"), "shared"); };
  assign.intent_of = [](const Run& r, const json& item) { return with_flag(with_flag(record_of(r, item, "active"), "shared"), "intent"); };
  if (!assign_items.empty()) queue_batches(assign, std::move(assign_runs), std::move(assign_items));
  BatchSpec unenrol = unassign;
  unenrol.wsfunction = "enrol_manual_unenrol_users";
  unenrol.list_key = "enrolments";
  // unenrol removes the whole enrolment with all its roles: every role claimed or wished goes too.
  // The wished roles are looked up by pair: a scan of every wish per unenrolment is quadratic.
  auto roles_wished = std::make_shared<std::map<std::pair<long long, long long>, std::set<long long>>>(std::move(wished_roles));
  auto pair_records = [&es, roles_wished](const Run& r, const json& item, bool as_intent) {
    long long user = item["userid"].get<long long>(), course = item["courseid"].get<long long>();
    std::set<long long> roles = es.claims.claimed_roles(user, course);
    if (auto wished = roles_wished->find({user, course}); wished != roles_wished->end()) roles.insert(wished->second.begin(), wished->second.end());
    json records = json::array();
    for (long long role : roles) {
      json gone = item;
      gone["roleid"] = role;
      json record = record_of(r, gone, "removed");
      records.push_back(as_intent ? with_flag(record, "intent") : record);
    }
    return records;
  };
  unenrol.journal_of = [pair_records](const Run& r, const json& item) { return pair_records(r, item, false); };
  unenrol.intent_of = [pair_records](const Run& r, const json& item) { return pair_records(r, item, true); };
  if (!unenrol_items.empty()) queue_batches(unenrol, std::move(unenrol_runs), std::move(unenrol_items));
}

}  // namespace moodle_sync
