#pragma once
// The removal guard: a run that would suspend, remove or delete more than a share of the managed
// objects of one kind stops before writing anything, unless removals are allowed. A truncated
// export (half a users file) otherwise looks exactly like a mass departure.
#include <map>
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// `entities`: plan entities, each {component, intent, objects?, removals?} (objects: how many managed
// objects it stands for, 1 when absent; removals: how many of them it removes, 1 for a removal
// intent when absent). `settings`: the configuration's "removal_guard" {max_share_percent, min_count}.
// Returns {verdict: "pass" | "stop" | "allowed", stops, kinds: [{component, managed, removals, by_intent,
// share_percent, over}], message}.
json decide_removal_guard(const json& entities, const json& settings, bool allow_removals);

// What the guard counts of a plan, entity by entity: a plan adds its entities as it makes them,
// without a list of them.
class RemovalTally {
 public:
  // `objects`: the managed objects the entity stands for; `removals`: how many of them it removes.
  void add(const std::string& component, const std::string& intent, long long objects, long long removals);
  json decide(const json& settings, bool allow_removals) const;

 private:
  struct Kind {
    long long managed = 0, removals = 0;
    json by_intent = json::object();
  };
  std::map<std::string, Kind> kinds_;
};

bool is_removal_intent(const std::string& intent);

}  // namespace moodle_sync
