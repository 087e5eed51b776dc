// The reads a document set still needs: the entities its entities reference that it does not hold
// (and whose collection was not read whole: then they do not exist, or access hides them), and,
// after a read of changed entities, the entities that depend on them along the dependency edges.
// Each entity and each dependency is asked for once, so a reference that comes back empty ends.
#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "drupal/document_set_state.hpp"
#include "drupal/query.hpp"
#include "drupal/resource_type.hpp"
#include "moodle_sync/entity_id.hpp"

namespace moodle_sync {
namespace {

using drupal::Edge;
using drupal::QueryKind;

// The references in a relationship field: one, a list, or none.
std::vector<const json*> references_in(const json& resource, const std::string& field) {
  std::vector<const json*> out;
  auto rels = resource.find("relationships");
  if (rels == resource.end() || !rels->is_object() || !rels->contains(field)) return out;
  const json& rel = (*rels)[field];
  if (!rel.is_object() || !rel.contains("data")) return out;
  const json& data = rel["data"];
  auto add = [&](const json& r) {
    // Drupal's root parent of a term is the "virtual" placeholder, no entity.
    if (r.is_object() && r.contains("type") && r["type"].is_string() && r.contains("id") && r["id"].is_string() &&
        r["type"] != "virtual" && r["id"] != "virtual") out.push_back(&r);
  };
  if (data.is_array()) for (const auto& r : data) add(r);
  else add(data);
  return out;
}

// The host's entity id in an attribute (the Registration module's entity_id), when the host is of
// the edge's target type.
std::string id_in_attribute(const json& resource, const Edge& e) {
  auto attrs = resource.find("attributes");
  if (attrs == resource.end() || !attrs->is_object() || !attrs->contains(e.field)) return "";
  auto host = attrs->find("entity_type_id");
  if (host != attrs->end() && host->is_string() && *host != e.to.substr(0, e.to.find("--"))) return "";
  auto id = EntityId::from_value((*attrs)[e.field]);
  return id ? id->text() : "";
}

struct Wanted {
  // (type, filter path, kind) -> values, in first-seen order
  std::map<std::tuple<std::string, std::string, QueryKind>, std::vector<std::string>> values;
  void add(const std::string& type, const std::string& path, QueryKind kind, const std::string& value) {
    auto& list = values[{type, path, kind}];
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
  }
};

void want_references(DocumentSet::State& s, Wanted& w) {
  for (const Edge& e : s.plan.edges) {
    auto from = s.primary.find(e.from);
    if (from == s.primary.end()) continue;
    for (const auto& [uuid, r] : from->second.items()) {
      if (e.by_id) {
        std::string id = id_in_attribute(r, e);
        if (id.empty() || e.to.empty() || s.held_id(e.to, id) || s.complete_types.count(e.to) || !s.asked.insert({e.to, "#" + id}).second) continue;
        w.add(e.to, drupal::id_key(e.to), QueryKind::references, id);
        continue;
      }
      for (const json* ref : references_in(r, e.field)) {
        std::string type = (*ref)["type"].get<std::string>(), target = (*ref)["id"].get<std::string>();
        if (s.held(type, target) || s.complete_types.count(type) || !s.asked.insert({type, target}).second) continue;
        w.add(type, "id", QueryKind::references, target);
      }
    }
  }
}

// For each entity read as changed: the entities pointing at it (and, along a siblings edge, those
// pointing where it points), unless their whole collection is held already.
void want_dependents(DocumentSet::State& s, Wanted& w) {
  for (const auto& [type, uuid] : s.changed_pending) {
    const json* changed = s.resource(type, uuid);
    if (!changed) continue;
    for (const Edge& e : s.plan.edges) {
      if (s.complete_types.count(e.from) || !s.plan.collection(e.from)) continue;
      if (e.to == type) {
        std::string value = uuid;
        if (e.by_id) {  // the dependents hold its entity id, not its uuid
          auto attrs = changed->find("attributes");
          auto id = attrs == changed->end() || !attrs->is_object() ? std::nullopt
                                                                   : EntityId::from_value(attrs->value(drupal::id_key(type), json()));
          value = id ? id->text() : "";
        }
        if (!value.empty() && s.asked.insert({e.from, "<-" + e.field + ":" + value}).second) {
          w.add(e.from, e.by_id ? e.field : e.field + ".id", QueryKind::dependents, value);
        }
      }
      if (e.siblings && e.from == type) {
        std::vector<std::string> targets;
        if (e.by_id) targets.push_back(id_in_attribute(*changed, e));
        else for (const json* ref : references_in(*changed, e.field)) targets.push_back((*ref)["id"].get<std::string>());
        for (const auto& value : targets) {
          if (!value.empty() && s.asked.insert({e.from, "<-" + e.field + ":" + value}).second) {
            w.add(e.from, e.by_id ? e.field : e.field + ".id", QueryKind::dependents, value);
          }
        }
      }
    }
  }
  s.changed_pending.clear();
}

}  // namespace

json DocumentSet::followups() {
  State& s = *s_;
  Wanted w;
  want_dependents(s, w);
  want_references(s, w);
  std::size_t site = s.config.settings.value("source", json::object()).value("url", std::string()).size();
  json queries = json::array();
  for (const auto& [key, values] : w.values) {
    const auto& [type, path, kind] = key;
    for (const auto& q : drupal::chunked_in(drupal::collection_query(s.plan, type, kind), path, values, drupal::kMaxUrl - site)) {
      queries.push_back(drupal::to_json(q));
    }
  }
  return {{"queries", queries}};
}

}  // namespace moodle_sync
