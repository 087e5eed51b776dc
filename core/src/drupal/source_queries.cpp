// The collection reads of a run, by mode. full: every configured collection; incremental: what
// changed since the high-water mark of each type (or `since`), less an overlap for clocks and
// saves in flight, plus the entities the journal holds as pending; census: id-only listings;
// uuids: given entities.
#include <map>

#include "drupal/completion_queries.hpp"
#include "drupal/query.hpp"
#include "drupal/read_plan.hpp"
#include "drupal/resource_type.hpp"
#include "drupal/since.hpp"
#include "moodle_sync/drupal_source.hpp"

namespace moodle_sync {
namespace {

using drupal::Query;
using drupal::QueryKind;

std::size_t max_query_url(const Config& config) {
  return drupal::kMaxUrl - config.settings.value("source", json::object()).value("url", std::string()).size();
}

void add_uuid_reads(const drupal::ReadPlan& plan, const Config& config, const std::map<std::string, std::vector<std::string>>& uuids,
                    json& queries) {
  for (const auto& [type, list] : uuids) {
    for (const Query& q : drupal::chunked_in(drupal::collection_query(plan, type, QueryKind::uuids), "id", list, max_query_url(config))) {
      queries.push_back(drupal::to_json(q));
    }
  }
}

// The journal's pending records, by type (each uuid once).
std::map<std::string, std::vector<std::string>> pending_uuids(const json& journal) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& r : journal) {
    if (!r.is_object() || r.value("kind", std::string()) != "pending" || !r.contains("type") || !r["type"].is_string() ||
        !r.contains("uuid") || !r["uuid"].is_string()) continue;
    auto& list = out[r["type"].get<std::string>()];
    std::string uuid = r["uuid"].get<std::string>();
    if (std::find(list.begin(), list.end(), uuid) == list.end()) list.push_back(uuid);
  }
  return out;
}

// The largest mark per type (a journal may hold one per run until it is compacted).
std::map<std::string, long long> high_water_marks(const json& journal) {
  std::map<std::string, long long> out;
  for (const auto& r : journal) {
    if (!r.is_object() || r.value("kind", std::string()) != "high_water" || !r.contains("type") || !r["type"].is_string() ||
        !r.contains("changed") || !r["changed"].is_number_integer()) continue;
    auto [it, fresh] = out.emplace(r["type"].get<std::string>(), r["changed"].get<long long>());
    if (!fresh) it->second = std::max(it->second, r["changed"].get<long long>());
  }
  return out;
}

}  // namespace

json source_queries(const Config& config, const json& in) {
  const drupal::ReadPlan plan = drupal::read_plan(config);
  const std::string mode = in.value("mode", std::string("full"));
  const json journal = in.contains("journal") && in["journal"].is_array() ? in["journal"] : json::array();
  json queries = json::array();
  json out = json::object();
  if (mode == "full") {
    for (const auto& c : plan.collections) queries.push_back(drupal::to_json(drupal::collection_query(plan, c.type, QueryKind::full)));
  } else if (mode == "census") {
    for (const auto& c : plan.collections) queries.push_back(drupal::to_json(drupal::census_query(c.type)));
  } else if (mode == "incremental") {
    const bool given = in.contains("since") && !in["since"].is_null();
    const long long since = given ? drupal::parse_since(in["since"]) : 0;
    const long long overlap = config.settings.value("source", json::object()).value("overlap_seconds", 60LL);
    const auto marks = high_water_marks(journal);
    json used = json::object();
    for (const auto& c : plan.collections) {
      auto mark = marks.find(c.type);
      // A type never read before (or without `changed`) is read whole: nothing says what changed.
      if ((!given && mark == marks.end()) || !drupal::has_changed(c.type)) {
        queries.push_back(drupal::to_json(drupal::collection_query(plan, c.type, QueryKind::full)));
        continue;
      }
      long long from = std::max(0LL, (given ? since : mark->second) - overlap);
      Query q = drupal::collection_query(plan, c.type, QueryKind::changed);
      drupal::add_changed_filter(q, from);
      // `since` is a time the user gives: an entity changed in that very second is new to the run.
      q.mark = given ? since - 1 : mark->second;
      queries.push_back(drupal::to_json(q));
      used[c.type] = from;
    }
    add_uuid_reads(plan, config, pending_uuids(journal), queries);
    out["since_used"] = used;
  } else if (mode == "uuids") {
    if (!in.contains("uuids") || !in["uuids"].is_object()) throw DrupalInputError("input \"uuids\": expected {\"<type>\": [uuid, ...]}");
    std::map<std::string, std::vector<std::string>> uuids;
    for (const auto& [type, list] : in["uuids"].items()) {
      if (!list.is_array()) throw DrupalInputError("input \"uuids." + type + "\": expected a list of uuids");
      for (const auto& u : list) {
        if (!u.is_string()) throw DrupalInputError("input \"uuids." + type + "\": expected a list of uuids, got " + to_text(u));
        uuids[type].push_back(u.get<std::string>());
      }
    }
    add_uuid_reads(plan, config, uuids, queries);
  } else if (mode == "completion") {
    return drupal::completion_queries(config, in);
  } else {
    throw DrupalInputError("input \"mode\": expected full, incremental, census, uuids or completion, got \"" + mode + "\"");
  }
  json value = {{"queries", queries}};
  for (auto& [k, v] : out.items()) value[k] = v;
  return value;
}

}  // namespace moodle_sync
