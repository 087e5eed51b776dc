// What a live source read in this run, and what it lets the engine conclude: which collections are
// partial (nothing is removed for an entity missing from them) and which entities are known to be
// gone (not in the census of their type).
#include "components/registry.hpp"
#include "engine/engine_state.hpp"
#include "moodle_sync/component_entities.hpp"

namespace moodle_sync {

std::string parse_read_scope(const json& read, ReadScope& out) {
  out = ReadScope{};
  if (read.is_null()) return {};
  if (!read.is_object()) return "read: expected an object {mode, complete_types?, census?}";
  out.given = true;
  const json mode = read.value("mode", json());
  if (mode != "full" && mode != "incremental") return "read.mode: expected \"full\" or \"incremental\", got " + to_text(mode);
  out.incremental = mode == "incremental";
  if (read.contains("complete_types") && !read["complete_types"].is_null()) {
    const json& types = read["complete_types"];
    if (!types.is_array()) return "read.complete_types: expected a list of entity types";
    for (std::size_t i = 0; i < types.size(); ++i) {
      if (!types[i].is_string()) return "read.complete_types[" + std::to_string(i) + "]: expected an entity type such as \"node--course\"";
      out.complete_types.insert(types[i].get<std::string>());
    }
    out.lists_complete_types = true;
  }
  if (read.contains("census") && !read["census"].is_null()) {
    const json& census = read["census"];
    if (!census.is_object()) return "read.census: expected an object {\"<type>\": [{id, uuid}, ...]}";
    for (const auto& [type, list] : census.items()) {
      std::string at = "read.census." + type;
      if (!list.is_array()) return at + ": expected a list of {id, uuid}";
      std::vector<CensusEntry>& entries = out.census[type];
      for (std::size_t i = 0; i < list.size(); ++i) {
        std::string where = at + "[" + std::to_string(i) + "]";
        const json& e = list[i];
        if (!e.is_object() || !e.value("uuid", json()).is_string() || e["uuid"].get<std::string>().empty()) return where + ".uuid: expected the entity's uuid";
        auto id = EntityId::from_value(e.value("id", json()));
        if (!id) return where + ".id: expected the entity id (drupal_internal__*), got " + to_text(e.value("id", json()));
        entries.push_back({*id, e["uuid"].get<std::string>()});
        out.census_uuids[type].insert(entries.back().uuid);
      }
    }
  }
  if (read.contains("listed_at") && !read["listed_at"].is_null()) {
    const json& listed = read["listed_at"];
    if (!listed.is_object()) return "read.listed_at: expected an object {\"<type>\": unix seconds}";
    for (const auto& [type, at] : listed.items()) {
      if (!at.is_number_integer()) return "read.listed_at." + type + ": expected unix seconds, got " + to_text(at);
      out.listed_at[type] = at.get<long long>();
    }
  }
  if (read.contains("gone") && !read["gone"].is_null()) {
    const json& gone = read["gone"];
    if (!gone.is_object()) return "read.gone: expected an object {\"<type>\": [{uuid, id?}, ...]}";
    for (const auto& [type, list] : gone.items()) {
      if (!list.is_array()) return "read.gone." + type + ": expected a list of {uuid, id?}";
      for (std::size_t i = 0; i < list.size(); ++i) {
        const json& e = list[i];
        std::string where = "read.gone." + type + "[" + std::to_string(i) + "]";
        if (!e.is_object() || !e.value("uuid", json()).is_string() || e["uuid"].get<std::string>().empty()) return where + ".uuid: expected the entity's uuid";
        auto id = EntityId::from_value(e.value("id", json()));
        out.gone[type][e["uuid"].get<std::string>()] = id ? id->text() : "";
      }
    }
  }
  if (read.contains("marks") && !read["marks"].is_null()) {
    if (!read["marks"].is_boolean()) return "read.marks: expected true or false";
    out.marks = read["marks"].get<bool>();
  }
  if (read.contains("notes") && !read["notes"].is_null()) {
    const json& notes = read["notes"];
    if (!notes.is_array()) return "read.notes: expected a list of texts";
    for (std::size_t i = 0; i < notes.size(); ++i) {
      if (!notes[i].is_string()) return "read.notes[" + std::to_string(i) + "]: expected a text";
      out.notes.push_back(notes[i].get<std::string>());
    }
  }
  return {};
}

bool Engine::State::partial(const std::string& type) const {
  const ReadScope& read = setup.read;
  if (!read.given) return setup.store.incomplete(type);
  if (read.incremental) return true;
  return read.lists_complete_types ? read.complete_types.count(type) == 0 : setup.store.incomplete(type);
}

bool Engine::State::has_census(const std::string& type) const { return setup.read.census.count(type) > 0; }

bool Engine::State::gone_by_census(const std::string& type, const std::string& uuid) const {
  if (setup.store.find(type, uuid)) return false;
  if (gone_by_event(type, uuid)) return true;
  auto census = setup.read.census_uuids.find(type);
  if (census == setup.read.census_uuids.end() || setup.store.find(type, uuid)) return false;
  return census->second.count(uuid) == 0;
}

bool Engine::State::gone_by_event(const std::string& type, const std::string& uuid) const {
  auto gone = setup.read.gone.find(type);
  return gone != setup.read.gone.end() && gone->second.count(uuid) > 0;
}

bool Engine::State::known_gone(const std::string& type, const std::string& uuid) const {
  if (setup.store.find(type, uuid)) return false;
  if (gone_by_event(type, uuid)) return true;
  if (has_census(type)) return gone_by_census(type, uuid);
  return !partial(type) && setup.store.has_type(type);
}

std::set<std::string> Engine::State::census_idnumbers(const std::string& type, const std::string& pattern) const {
  std::set<std::string> out;
  auto census = setup.read.census.find(type);
  if (census == setup.read.census.end()) return out;
  for (const CensusEntry& c : census->second) {
    Entity e;
    e.type = type;
    e.uuid = c.uuid;
    e.id = c.id;
    out.insert(idnumber_for(pattern, e));
  }
  return out;
}

std::set<std::string> Engine::State::event_gone_idnumbers(const std::string& type, const std::string& pattern) const {
  std::set<std::string> out;
  auto gone = setup.read.gone.find(type);
  if (gone == setup.read.gone.end()) return out;
  for (const auto& [uuid, id] : gone->second) {
    if (id.empty() || setup.store.find(type, uuid)) continue;
    Entity e;
    e.type = type;
    e.uuid = uuid;
    e.id = EntityId::of_name(id);
    out.insert(idnumber_for(pattern, e));
  }
  return out;
}

std::set<long long> Engine::State::event_gone_moodle_ids(const std::string& type) const {
  std::set<long long> out;
  auto gone = setup.read.gone.find(type);
  if (gone == setup.read.gone.end()) return out;
  for (const auto& [uuid, id] : gone->second) {
    auto known = journal_ids.find({type, uuid});
    if (known != journal_ids.end() && !setup.store.find(type, uuid)) out.insert(known->second);
  }
  return out;
}

// One note for the whole run, not one per page or per type: what the read covered, and why
// entities missing from it are not removed.
void Engine::State::note_read_scope() {
  const ReadScope& read = setup.read;
  for (const auto& note : read.notes) notes.push_back(note);
  std::string census;
  for (const auto& [type, list] : read.census) census += (census.empty() ? "" : ", ") + type;
  std::string gone;
  for (const auto& [type, list] : read.gone) gone += (gone.empty() ? "" : ", ") + std::to_string(list.size()) + " " + type;
  if (read.incremental) {
    std::string found = census.empty() ? "" : "; deleted entities were looked for by the census of " + census;
    if (!gone.empty()) found += "; Drupal's delete events named " + gone + " (each confirmed gone by its own GET answering 404)";
    notes.push_back("incremental run: only the entities changed since the last run (and what depends on them) were read; nothing is "
                    "suspended, removed or deleted because an entity is missing from them" +
                    (found.empty() ? std::string(" (deleted entities are found by a census: sync --scan-deletions, or by sync --full)") : found));
    return;
  }
  std::set<std::string> read_types;  // the configured types whose collection is partial
  for (const Component* c : components()) {
    std::string type = setup.config.enabled(c->name()) ? c->entity_type(setup.config) : "";
    if (!type.empty() && partial(type)) read_types.insert(type);
  }
  std::string partial_types;
  for (const auto& t : read_types) partial_types += (partial_types.empty() ? "" : ", ") + t;
  if (!partial_types.empty()) {
    notes.push_back("the read of " + partial_types + " did not reach the end of the collection: its entities are synced, but removals "
                    "that depend on it (enrolments, cohort members, deleted entities) are held back");
  }
}

}  // namespace moodle_sync
