// The removal guard, decided from the plan alone: the same verdict in every host.
#include "engine/removal_guard.hpp"

#include <map>
#include <set>

namespace moodle_sync {

bool is_removal_intent(const std::string& intent) {
  static const std::set<std::string> removals = {"suspend", "delete", "unenrol", "remove_role", "remove_members", "move_to_trash"};
  return removals.count(intent) > 0;
}

namespace {

// Objects a plan entity stands for that moodle-sync manages in Moodle: not one still to be made,
// nor one it was told to leave alone.
bool managed(const std::string& intent) {
  return intent != "create" && intent != "ignore" && intent != "fail" && intent != "skip" && intent != "gone";
}

long long count_of(const json& e, const char* key, long long fallback) {
  return e.contains(key) && e[key].is_number_integer() ? e[key].get<long long>() : fallback;
}

}  // namespace

void RemovalTally::add(const std::string& component, const std::string& intent, long long objects, long long removals) {
  if (!managed(intent)) return;
  Kind& k = kinds_[component];
  k.managed += objects;
  if (removals <= 0) return;
  k.removals += removals;
  k.by_intent[intent] = k.by_intent.value(intent, 0LL) + removals;
}

json decide_removal_guard(const json& entities, const json& settings, bool allow_removals) {
  RemovalTally tally;
  for (const auto& e : entities) {
    std::string intent = e.value("intent", std::string());
    if (!managed(intent)) continue;  // before its other fields are read
    tally.add(e.value("component", std::string()), intent, count_of(e, "objects", 1), count_of(e, "removals", is_removal_intent(intent) ? 1 : 0));
  }
  return tally.decide(settings, allow_removals);
}

json RemovalTally::decide(const json& settings, bool allow_removals) const {
  long long max_percent = settings.is_object() ? settings.value("max_share_percent", 10LL) : 10LL;
  long long min_count = settings.is_object() ? settings.value("min_count", 20LL) : 20LL;
  json list = json::array();
  std::string over_text;
  for (const auto& [component, k] : kinds_) {
    if (k.removals == 0) continue;
    // Both must hold: more than the share, and at least the count (a small site may lose a few).
    bool over = k.removals * 100 > max_percent * k.managed && k.removals >= min_count;
    long long share = k.managed ? (k.removals * 100 + k.managed / 2) / k.managed : 100;
    list.push_back({{"component", component}, {"managed", k.managed}, {"removals", k.removals}, {"by_intent", k.by_intent},
                    {"share_percent", share}, {"over", over}});
    if (!over) continue;
    std::string what;
    for (const auto& [intent, n] : k.by_intent.items()) what += (what.empty() ? "" : ", ") + intent + " " + to_text(n);
    over_text += (over_text.empty() ? "" : "; ") + component + ": " + what + " of " + std::to_string(k.managed) + " (" +
                 std::to_string(share) + " %)";
  }
  std::string limit = "more than " + std::to_string(max_percent) + " % and at least " + std::to_string(min_count);
  json out = {{"kinds", list}, {"max_share_percent", max_percent}, {"min_count", min_count}};
  if (over_text.empty()) {
    out["verdict"] = "pass";
    out["stops"] = false;
    out["message"] = "no kind of object loses " + limit + " of its managed objects";
  } else if (allow_removals) {
    out["verdict"] = "allowed";
    out["stops"] = false;
    out["message"] = "removals allowed (--allow-removals): " + over_text;
  } else {
    out["verdict"] = "stop";
    out["stops"] = true;
    out["message"] = "nothing was written: this run would remove " + limit + " of the managed objects of a kind (" + over_text +
                     "). An incomplete export? Check it; if the removals are wanted, run again with --allow-removals "
                     "(or raise removal_guard in the configuration)";
  }
  return out;
}

}  // namespace moodle_sync
