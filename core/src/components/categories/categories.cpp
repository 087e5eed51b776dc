// Categories: terms of a vocabulary -> Moodle course categories; a term's parent becomes the
// parent category.
#include <set>

#include "components/component_kit.hpp"
#include "engine/engine_state.hpp"
#include "moodle_sync/component_entities.hpp"

namespace moodle_sync {
namespace {

using namespace config_schema;

const std::vector<MoodleField> kFields = {
    {"name", FieldKind::text, true, 255, nullptr},
    {"description", FieldKind::html, false, 0, "descriptionformat"},
    {"descriptionformat", FieldKind::integer, false, 0, nullptr},
    {"theme", FieldKind::raw, false, 50, nullptr},
};

// Drupal marks a root term's parent with the "virtual" resource; an empty list means the same.
// Null when the term has no real parent.
json real_parent(const Entity& term) {
  auto rel = term.relationships.find("parent");
  if (rel == term.relationships.end() || !rel->contains("data")) return nullptr;
  const json& data = (*rel)["data"];
  const json* first = data.is_array() ? (data.empty() ? nullptr : &data[0]) : (data.is_null() ? nullptr : &data);
  if (!first || (*first).value("id", "") == "virtual") return nullptr;
  return *first;
}

// The terms around a cycle of parents through `term` ("A -> B -> A"), or empty when following its
// parents never comes back to it. Such terms would each wait for the other for ever.
std::string parent_cycle(const EntityStore& store, const Entity& term) {
  std::string path = term.label();
  std::set<const Entity*> seen = {&term};
  for (const Entity* at = &term;;) {
    const json ref = real_parent(*at);
    const Entity* parent = is_reference(ref) ? store.find(ref["type"].get<std::string>(), ref["id"].get<std::string>()) : nullptr;
    if (!parent) return {};
    path += " -> " + parent->label();
    if (parent == &term) return path;
    if (!seen.insert(parent).second) return {};  // a cycle above this term, not through it: its own terms name it
    at = parent;
  }
}

ComponentRead categories_read() {
  return table_read("core_course_get_categories", "Moodle's course categories", "course_categories", load_categories);
}

class Hooks : public ObjectHooks {
 public:
  bool before_pass(Engine::State&, const std::vector<Run*>&) const override { return true; }
  bool excluded(Engine::State&, Run&) const override { return false; }
  void add_derived_fields(const Config&, const Entity& entity, const EntityStore& store, json& fields,
                          std::vector<EntityIssue>& issues) const override {
    long long parent = 0;
    if (std::string cycle = parent_cycle(store, entity); !cycle.empty()) {
      issues.push_back({entity.label(), "parent", "parent", "the parents form a cycle: " + cycle + "; no category can be placed until it is broken in Drupal"});
      return;
    }
    const json ref = real_parent(entity);
    if (ref.is_null() || referenced_moodle_id(store, ref, entity, "parent", parent, issues)) fields["parent"] = parent;
  }
  long long copy_source(Engine::State&, Run&, std::vector<EntityIssue>&) const override { return 0; }
  void complete_item(Engine::State&, Run&, json&) const override {}
  std::string unknown_custom_field(Engine::State&, const json&) const override { return {}; }
  const json* find_other(Engine::State&, Run&, const json&, json&, bool) const override { return nullptr; }
  json create_item(Engine::State&, Run&, json item) const override { return item; }
  json update_item(long long id, const json& item, const json& changes) const override { return moodle_sync::update_item(id, item, changes); }
  void reread(Engine::State& s) const override { s.queue_read(categories_read()); }
};

class Categories : public Component {
 public:
  std::string name() const override { return "categories"; }
  std::string entity_type(const Config& config) const override {
    return "taxonomy_term--" + config.component(name()).value("vocabulary", "");
  }
  std::string moodle_table() const override { return "course_categories"; }
  std::vector<ComponentRead> reads(const Config&) const override { return {categories_read()}; }
  const std::vector<Key>* config_keys() const override {
    static const std::vector<Key> keys = component_section({str("vocabulary", true), typed("mapping", Type::mapping),
                                                            word("deleted", {"keep", "trash"}, "keep"), id("trash_category")});
    return &keys;
  }
  void check_config(const json&, const std::string&, std::vector<ConfigIssue>&) const override {}
  const std::vector<MoodleField>& moodle_fields() const override { return kFields; }
  bool is_reserved_field(const std::string& field) const override { return field == "parent"; }
  json default_mapping() const override { return {{"name", "name"}, {"description", "field_description | html"}}; }
  bool derives(const std::string&) const override { return false; }
  const char* customfield_key() const override { return "shortname"; }
  bool unreadable(const std::string&) const override { return false; }
  std::string object_noun() const override { return "category"; }
  std::vector<std::string> required_functions(const Config&) const override {
    return {"core_course_get_categories", "core_course_create_categories", "core_course_update_categories"};
  }
  ComponentBatches batches() const override {
    using A = BatchSpec::Answer;
    // create_categories echoes the name as stored (cleaned), so only the id is checked.
    return {batch_spec("core_course_create_categories", "categories", name(), A::created_list, true, Outcome::created),
            batch_spec("core_course_update_categories", "categories", name(), A::none, true, Outcome::updated), std::nullopt};
  }
  std::optional<RemovalPlan> removal(const Config&) const override { return RemovalPlan{std::nullopt, "course_categories", "parent"}; }
  void start(Engine::State&) const override {}
  bool plan_pass(Engine::State& s) const override { return s.plan_objects(*this); }
  const ObjectHooks* objects() const override { return &hooks_; }

 private:
  Hooks hooks_;
};

}  // namespace

const Component& categories_component() {
  static const Categories c;
  return c;
}

}  // namespace moodle_sync
