#pragma once
// What the enrolments component keeps during a run: the wishes it collected from Drupal, what the
// state store claims, and what Moodle answered of the courses it read.
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "components/enrolments/claims.hpp"
#include "engine/engine_state.hpp"

namespace moodle_sync {

// One enrolment Drupal wants: user, course, role, state, dates, and the run of the entity it comes from.
struct EnrolmentWish {
  long long user = 0, course = 0, role = 0;
  int suspend = 0;
  long long timestart = 0, timeend = 0;
  Run* run = nullptr;
};

// One (user, course) pair as Moodle holds it: enrolled with these roles, active or not.
struct MoodlePair {
  bool active = false;
  std::set<long long> roles;
};

struct EnrolmentsState : ComponentState {
  int step = 0;  // 0: collect wishes, 1: decide, 2: done
  std::map<std::string, EnrolmentWish> wishes;
  std::set<std::pair<std::string, std::string>> sources_unresolved;  // (type, uuid) of sources that failed
  std::set<std::string> source_types;                                // entity types the export holds sources of
  std::map<std::pair<long long, long long>, std::string> pairs_held;  // (user, course) with a source that failed -> why
  std::unordered_map<const Entity*, const Run*> entity_runs;  // the user and course runs, for what enrolments refer to (looked up only)
  EnrolmentClaims claims;                           // what the state store says of each "user:course:role"
  std::map<std::pair<long long, long long>, MoodlePair> moodle_pairs;  // (user, course) as Moodle holds it, in the courses read
  std::set<long long> courses_read;
  std::set<std::pair<long long, long long>> pairs_active;  // (user, course) Moodle answered as active
};

inline EnrolmentsState& enrolments_state(Engine::State& s) { return s.state_of<EnrolmentsState>("enrolments"); }

}  // namespace moodle_sync
