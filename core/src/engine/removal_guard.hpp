#pragma once
// The removal guard: a run that would suspend, remove or delete more than a share of the managed
// objects of one kind stops before writing anything, unless removals are allowed. A truncated
// export (half a users file) otherwise looks exactly like a mass departure.
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// `entities`: plan entities, each {component, intent, objects?, removals?} (objects: how many managed
// objects it stands for, 1 when absent; removals: how many of them it removes, 1 for a removal
// intent when absent). `settings`: the configuration's "removal_guard" {max_share_percent, min_count}.
// Returns {verdict: "pass" | "stop" | "allowed", stops, kinds: [{component, managed, removals, by_intent,
// share_percent, over}], message}.
json decide_removal_guard(const json& entities, const json& settings, bool allow_removals);

bool is_removal_intent(const std::string& intent);

}  // namespace moodle_sync
