// What the state store keeps after a run (see moodle_sync/state_store.hpp): only what neither
// Drupal nor Moodle can tell the next run. The engine decides it and hands it to the host as its
// last action, `journal_replace`; the host only writes it.
#include <map>

#include "components/enrolments/claims.hpp"
#include "engine/engine_state.hpp"

namespace moodle_sync {
namespace {

std::string id_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return "";
}

bool names_entity(const json& r) { return r.is_object() && r.value("type", json()).is_string() && r.value("uuid", json()).is_string(); }

}  // namespace

// The export's moodle ids as loaded, for the entities the journal names.
void Engine::State::snapshot_state_fields() {
  for (const auto& r : setup.journal) {
    if (!names_entity(r)) continue;
    std::pair<std::string, std::string> k = {r["type"].get<std::string>(), r["uuid"].get<std::string>()};
    if (const Entity* e = setup.store.find(k.first, k.second)) {
      auto f = e->attributes.find("field_moodle_id");
      field_at_load[k] = f == e->attributes.end() ? "" : id_text(*f);
    }
  }
}

json Engine::State::kept_state_records() const {
  json all = setup.journal;
  for (const auto& r : journal_written) all.push_back(r);
  // The latest record of each entity id, copy and enrolment speaks for it.
  std::map<std::pair<std::string, std::string>, json> ids, copies;
  std::map<std::string, json> enrolments;
  std::vector<std::string> order;  // enrolment keys, first seen first: a stable file
  for (const auto& r : all) {
    if (!r.is_object()) continue;
    std::string kind = r.value("kind", "");
    if (kind == "enrolment") {
      if (!r.value("userid", json()).is_number_integer() || !r.value("courseid", json()).is_number_integer() ||
          !r.value("roleid", json()).is_number_integer()) continue;
      std::string key = enrolment_key(r["userid"].get<long long>(), r["courseid"].get<long long>(), r["roleid"].get<long long>());
      if (!enrolments.count(key)) order.push_back(key);
      enrolments[key] = r;
    } else if (names_entity(r)) {
      std::pair<std::string, std::string> k = {r["type"].get<std::string>(), r["uuid"].get<std::string>()};
      (kind == "copy" ? copies : ids)[k] = r;
    }
  }
  auto export_value = [this](const std::pair<std::string, std::string>& k) -> std::string {
    if (auto w = written_back.find(k); w != written_back.end()) return w->second;
    auto f = field_at_load.find(k);
    return f == field_at_load.end() ? "" : f->second;
  };
  json kept = json::array();
  for (const auto& [k, r] : ids) {
    // An entity no longer in the export needs its id no more; one whose write-back landed neither.
    if (setup.store.find(k.first, k.second) && export_value(k) != id_text(r.value("moodle_id", json()))) kept.push_back(r);
  }
  for (const auto& [k, r] : copies) {
    // A copy being made: needed until its entity holds a moodle id. A copy has no idnumber until
    // its update, so only this record finds it again: an entity missing from an export that may be
    // partial (its collection absent or cut) keeps it too, or its return would copy it twice.
    bool in_export = setup.store.find(k.first, k.second) != nullptr;
    bool whole_collection = !setup.store.of_type(k.first).empty() && !setup.store.incomplete(k.first);
    if (in_export ? export_value(k).empty() : !whole_collection) kept.push_back(r);
  }
  for (const auto& key : order) {
    const json& r = enrolments.at(key);
    bool removed = r.value("status", "") == "removed";
    // A confirmed removal matters only while its registration is still there (canceled): it
    // spares the next run a read. An intent is kept whatever it was for: its state is unknown.
    bool source_there = names_entity(r) && setup.store.find(r["type"].get<std::string>(), r["uuid"].get<std::string>());
    if (!removed || r.value("intent", false) || source_there) kept.push_back(r);
  }
  return kept;
}

}  // namespace moodle_sync
