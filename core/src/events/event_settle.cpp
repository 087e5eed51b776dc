#include "events/event_settle.hpp"

#include <map>
#include <set>
#include <stdexcept>

#include "events/event_list.hpp"
#include "events/event_reads.hpp"

namespace moodle_sync {

json event_settle(const Config& config, const json& in) {
  const json found_in = in.value("found", json::object());
  if (!found_in.is_object()) throw std::invalid_argument("\"found\" must be an object {type: [uuid]}");
  std::set<std::pair<std::string, std::string>> found;
  for (const auto& [type, list] : found_in.items()) {
    if (!list.is_array()) throw std::invalid_argument("\"found." + type + "\" must be a list of uuids");
    for (const auto& u : list) if (u.is_string()) found.insert({type, u.get<std::string>()});
  }
  const json attempt_in = in.value("attempt", json(1));
  if (!attempt_in.is_number_integer() || attempt_in.get<long long>() < 1) throw std::invalid_argument("\"attempt\" must be an integer from 1");
  const long long attempt = attempt_in.get<long long>();
  const json waits = config.settings.value("events", json::object()).value("commit_waits_ms", json::array());
  const bool again = attempt <= static_cast<long long>(waits.size());

  std::map<std::string, std::vector<std::string>> uuids;
  json missing = json::array();
  for (const EntityEvent& e : last_event_per_entity(in.value("events", json::array()))) {
    if (e.op == "delete" || found.count({e.type, e.uuid})) continue;
    if (again) {
      uuids[e.type].push_back(e.uuid);
      continue;
    }
    missing.push_back({{"type", e.type}, {"uuid", e.uuid}, {"op", e.op},
                       {"message", e.type + " " + e.uuid + ": not found in Drupal after " + std::to_string(attempt) +
                                       (attempt == 1 ? " read" : " reads") +
                                       " (its save may have been rolled back, or the account may not view it); it is synced when it is saved again, or by the next full run"}});
  }
  json retry;
  if (!uuids.empty()) retry = {{"uuids", uuids}, {"delay_ms", waits[attempt - 1]}, {"queries", event_entity_queries(config, uuids)}};
  return {{"retry", retry}, {"missing", missing}};
}

}  // namespace moodle_sync
