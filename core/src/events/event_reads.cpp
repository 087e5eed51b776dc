#include "events/event_reads.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "drupal/query.hpp"
#include "drupal/read_plan.hpp"
#include "drupal/resource_type.hpp"
#include "events/event_list.hpp"

namespace moodle_sync {
namespace {

void add_reads(const drupal::ReadPlan& plan, const Config& config, drupal::QueryKind kind,
               const std::map<std::string, std::vector<std::string>>& uuids, json& queries) {
  const std::size_t site = config.settings.value("source", json::object()).value("url", std::string()).size();
  for (const auto& [type, list] : uuids) {
    if (!plan.collection(type)) continue;  // a type no collection reads: nothing of it is synced
    for (const auto& q : drupal::chunked_in(drupal::collection_query(plan, type, kind), "id", list, drupal::kMaxUrl - site)) {
      queries.push_back(drupal::to_json(q));
    }
  }
}

// The id key JSON:API filters an entity type by (drupal_internal__<key>), or "" when not known.
std::string internal_id_key(const std::string& type) {
  const std::string entity_type = type.substr(0, type.find("--"));
  if (entity_type == "node") return "nid";
  if (entity_type == "user") return "uid";
  if (entity_type == "taxonomy_term") return "tid";
  if (entity_type == "registration") return "registration_id";
  return "";
}

}  // namespace

json event_entity_queries(const Config& config, const std::map<std::string, std::vector<std::string>>& uuids) {
  json queries = json::array();
  add_reads(drupal::read_plan(config), config, drupal::QueryKind::events, uuids, queries);
  return queries;
}

json event_reads(const Config& config, const json& in) {
  const drupal::ReadPlan plan = drupal::read_plan(config);
  std::map<std::string, std::vector<std::string>> saved, pending;
  std::set<std::pair<std::string, std::string>> named;
  json gone_checks = json::array();
  for (const EntityEvent& e : last_event_per_entity(in.value("events", json::array()))) {
    named.insert({e.type, e.uuid});
    if (!plan.collection(e.type)) continue;  // a type no collection reads: nothing of it is synced
    if (e.op == "delete") {
      gone_checks.push_back({{"type", e.type}, {"uuid", e.uuid}, {"path", drupal::collection_path(e.type) + "/" + e.uuid}});
      // The event's Drupal id names the Moodle object to act on only once Drupal shows that no
      // entity has that id any more (ids are never reused): the payload alone is not evidence.
      const std::string key = internal_id_key(e.type);
      if (!e.id.empty() && !key.empty()) {
        gone_checks.back()["id"] = e.id;
        gone_checks.back()["id_check"] = {{"path", drupal::collection_path(e.type)},
                                          {"params", json::array({json::array({"filter[drupal_internal__" + key + "]", e.id})})}};
      }
    } else {
      saved[e.type].push_back(e.uuid);
    }
  }
  // Entities a previous run left unsynced are owed to whichever run comes next.
  const json journal = in.contains("journal") && in["journal"].is_array() ? in["journal"] : json::array();
  for (const auto& r : journal) {
    if (!r.is_object() || r.value("kind", json()) != "pending" || !r.value("type", json()).is_string() || !r.value("uuid", json()).is_string()) continue;
    const std::string type = r["type"].get<std::string>(), uuid = r["uuid"].get<std::string>();
    if (!named.insert({type, uuid}).second) continue;
    pending[type].push_back(uuid);
  }
  json queries = json::array();
  add_reads(plan, config, drupal::QueryKind::events, saved, queries);
  add_reads(plan, config, drupal::QueryKind::uuids, pending, queries);
  return {{"queries", queries}, {"gone_checks", gone_checks}};
}

}  // namespace moodle_sync
