#include "engine/created_changes.hpp"

#include <string>
#include <unordered_set>

namespace moodle_sync {
namespace {

const std::string kKey = "created_changes";  // among the states a run keeps, beside the components'

// The runs whose changes are held compact.
struct CompactCreates : ComponentState {
  std::unordered_set<const Run*> runs;
};

// The old value diff_fields gives a field when there is no record.
json old_of_created(const std::string& field) { return field.rfind("customfields.", 0) == 0 ? json("") : json(); }

}  // namespace

bool compact_created(json& changes) {
  for (const auto& [field, change] : changes.items()) {
    const json expected = old_of_created(field);
    if (!change.is_object() || change.size() != 2 || !change.contains("new")) return false;
    auto old = change.find("old");
    if (old == change.end() || old->type() != expected.type() || *old != expected) return false;
  }
  for (auto& entry : changes.get_ref<json::object_t&>()) entry.second = json(std::move(entry.second["new"]));
  return true;
}

json created_changes(const json& compact) {
  json out = json::object();
  out.get_ref<json::object_t&>().reserve(compact.size());
  for (const auto& [field, value] : compact.items()) out[field] = {{"old", old_of_created(field)}, {"new", value}};
  return out;
}

void hold_created_changes(Engine::State& s, Run& r) {
  if (compact_created(r.changes)) s.state_of<CompactCreates>(kKey).runs.insert(&r);
  else hold_changes(s, r);
}

void hold_changes(Engine::State& s, const Run& r) {
  if (s.state_if<CompactCreates>(kKey)) s.state_of<CompactCreates>(kKey).runs.erase(&r);
}

bool holds_created_changes(const Engine::State& s, const Run& r) {
  const CompactCreates* compact = s.state_if<CompactCreates>(kKey);
  return compact && compact->runs.count(&r);
}

json written_changes(const Engine::State& s, const Run& r) {
  return !r.changes.empty() && holds_created_changes(s, r) ? created_changes(r.changes) : r.changes;
}

}  // namespace moodle_sync
