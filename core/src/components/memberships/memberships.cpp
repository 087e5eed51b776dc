// Cohort membership: computed as the difference between what Drupal's term references say and
// what Moodle's cohorts actually hold, so members added or removed by hand in Moodle are corrected.
// Only cohorts moodle-sync manages are touched.
#include <set>

#include "components/memberships/memberships_state.hpp"
#include "moodle_sync/moodle_id.hpp"
#include "moodle_sync/rest_request.hpp"

namespace moodle_sync {
namespace {

json id_list(const std::set<long long>& ids) { return json(std::vector<long long>(ids.begin(), ids.end())); }

}  // namespace

bool Engine::State::plan_memberships() {
  const json& cohorts = setup.config.component("cohorts");
  if (!setup.config.enabled("cohorts") || !cohorts.contains("membership") || !setup.config.enabled("users")) return false;
  MembershipsState& ms = memberships_state(*this);
  if (ms.planned) return false;
  // The managed cohorts: those of this run's cohort entities that exist (or would, in a plan).
  std::map<long long, Run*> managed;
  for (Run* r : runs_of("cohorts")) {
    if (r->moodle_id && (r->outcome == Outcome::created || r->outcome == Outcome::recovered || r->outcome == Outcome::adopted || r->outcome == Outcome::updated ||
                         r->outcome == Outcome::unchanged || r->outcome == Outcome::blocked)) {
      managed[r->moodle_id] = r;
    }
  }
  if (!ms.members_read) {
    ms.members_read = true;
    std::vector<json> ids;
    for (const auto& [id, r] : managed) {
      if (id < next_placeholder_start) ids.push_back(id);
    }
    std::vector<std::size_t> sizes(ids.size(), 1);
    for (const Batch& b : plan_batches(sizes, kFixedVariables, budget, 0)) {
      json list = std::vector<json>(ids.begin() + static_cast<long>(b.begin), ids.begin() + static_cast<long>(b.end));
      push_read("core_cohort_get_cohort_members", {{"cohortids", list}}, "the members of Moodle's cohorts", [&ms](const json& v) {
        if (!v.is_array()) return;
        for (const auto& c : v) {
          if (!c.is_object() || !c.contains("cohortid") || !c["cohortid"].is_number_integer()) continue;
          for (const auto& u : c.value("userids", json::array())) {
            if (u.is_number_integer()) ms.cohort_members[c["cohortid"].get<long long>()].insert(u.get<long long>());
          }
        }
      });
    }
    return true;
  }
  ms.planned = true;

  // What Drupal says: user -> referenced terms -> their cohorts.
  const json& membership = cohorts["membership"];
  std::string path = membership.value("on", "user") == "profile" ? "profile." + membership.value("field", "") : membership.value("field", "");
  std::map<long long, std::set<long long>> desired;
  // Members whose own sync did not go through (failed, ignored, stale) keep what they have.
  std::set<long long> untouchable;
  std::vector<Run*> user_runs = runs_of("users");
  std::size_t users_with_field = 0;
  // A live read that is partial still read these users whole: a cohort they no longer name loses them.
  std::set<long long> read_members;
  // With one page of the users (or profiles) only, a member missing from it may be on another page.
  const json profile = setup.config.component("users").value("profile", json::object());
  bool one_page = partial("user--user") ||
                  (membership.value("on", "user") == "profile" && profile.is_object() && partial(profile.value("type", "")));
  for (Run* u : user_runs) {
    long long id = u->moodle_id ? u->moodle_id : u->decision.moodle_id;
    bool synced = u->outcome == Outcome::created || u->outcome == Outcome::recovered || u->outcome == Outcome::adopted || u->outcome == Outcome::updated || u->outcome == Outcome::unchanged ||
                  u->outcome == Outcome::blocked;
    if (!synced) {
      if (id) untouchable.insert(id);
      continue;
    }
    PathValue refs = setup.store.resolve(*u->entity, path);
    if (!refs.found) {  // no such field on this user (or no profile): nothing is known, nothing removed
      untouchable.insert(u->moodle_id);
      continue;
    }
    ++users_with_field;
    if (setup.read.given) read_members.insert(u->moodle_id);
    json list = refs.value.is_array() ? refs.value : json::array({refs.value});
    for (const auto& ref : list) {
      if (!is_reference(ref)) continue;
      const Entity* term = setup.store.find(ref["type"].get<std::string>(), ref["id"].get<std::string>());
      if (!term) continue;
      auto mid = term->attributes.find("field_moodle_id");
      MoodleIdDecision d = decide_moodle_id(mid == term->attributes.end() ? json() : *mid);
      if (d.action == MoodleIdAction::update && managed.count(d.moodle_id)) desired[d.moodle_id].insert(u->moodle_id);
    }
  }

  std::vector<Run*> add_runs, remove_runs;
  std::vector<json> add_items, remove_items;
  for (const auto& [cohort_id, cohort_run] : managed) {
    const std::set<long long>& want = desired[cohort_id];
    const std::set<long long>& have = ms.cohort_members[cohort_id];
    std::set<long long> added, removed;
    for (long long u : want) if (!have.count(u)) added.insert(u);
    // An export in which no user has the membership field is taken as incomplete: it removes nobody.
    for (long long u : have) {
      if (!want.count(u) && !untouchable.count(u) && users_with_field > 0 && (!one_page || read_members.count(u))) removed.insert(u);
    }
    Run run;
    run.component = "memberships";
    run.entity = cohort_run->entity;
    run.idnumber = cohort_run->idnumber;
    run.moodle_id = cohort_id;
    runs.push_back(std::move(run));
    Run& r = runs.back();
    if (added.empty() && removed.empty()) {
      finish(r, Outcome::unchanged);
      continue;
    }
    r.changes = json::object();
    if (!added.empty()) r.changes["members_added"] = {{"old", nullptr}, {"new", id_list(added)}};
    if (!removed.empty()) r.changes["members_removed"] = {{"old", id_list(removed)}, {"new", nullptr}};
    if (!writes) {  // and on: queue_batches counts what a sync would send (planned_calls) and sends nothing
      finish(r, guard.writes_allowed ? Outcome::updated : Outcome::blocked);
      r.planned = Intent::update;
    }
    for (long long u : added) {
      add_runs.push_back(&r);
      add_items.push_back({{"cohorttype", {{"type", "id"}, {"value", std::to_string(cohort_id)}}},
                           {"usertype", {{"type", "id"}, {"value", std::to_string(u)}}}});
    }
    for (long long u : removed) {
      remove_runs.push_back(&r);
      remove_items.push_back({{"cohortid", cohort_id}, {"userid", u}});
    }
  }
  if (!add_items.empty()) {
    BatchSpec add;
    add.wsfunction = "core_cohort_add_cohort_members";
    add.list_key = "members";
    add.component = "memberships";
    add.answer = BatchSpec::Answer::member_warnings;
    add.all_or_nothing = false;
    queue_batches(add, std::move(add_runs), std::move(add_items));
  }
  if (!remove_items.empty()) {
    BatchSpec remove;
    remove.wsfunction = "core_cohort_delete_cohort_members";
    remove.list_key = "members";
    remove.component = "memberships";
    queue_batches(remove, std::move(remove_runs), std::move(remove_items));
  }
  return true;
}

}  // namespace moodle_sync
