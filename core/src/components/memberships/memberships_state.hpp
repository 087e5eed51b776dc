#pragma once
// What the memberships component keeps during a run: the members Moodle's managed cohorts hold.
#include <map>
#include <set>

#include "engine/engine_state.hpp"

namespace moodle_sync {

struct MembershipsState : ComponentState {
  bool members_read = false;
  bool planned = false;
  std::map<long long, std::set<long long>> cohort_members;  // cohort id -> user ids, as Moodle holds them

  std::size_t members_of(long long cohort) const {
    auto found = cohort_members.find(cohort);
    return found == cohort_members.end() ? 0 : found->second.size();
  }
};

inline MembershipsState& memberships_state(Engine::State& s) { return s.state_of<MembershipsState>("memberships"); }

}  // namespace moodle_sync
