// Cohorts: terms of a vocabulary -> system cohorts. Their members are the memberships component.
#include "components/component_kit.hpp"
#include "engine/engine_state.hpp"

namespace moodle_sync {
namespace {

using namespace config_schema;

// Field lists follow Moodle 4.5's core_cohort_create_cohorts parameters.
const std::vector<MoodleField> kFields = {
    {"name", FieldKind::raw, true, 254, nullptr},
    {"description", FieldKind::html, false, 0, "descriptionformat"},
    {"descriptionformat", FieldKind::integer, false, 0, nullptr},
    {"visible", FieldKind::boolean, false, 0, nullptr},
};

ComponentRead cohorts_read() {
  ComponentRead read = table_read("core_cohort_get_cohorts", "Moodle's cohorts", "cohort", load_cohorts);
  read.by_ids = [](const json& ids) { return json{{"cohortids", ids}}; };  // cohortids[i]; unknown ids are left out
  return read;
}

class Hooks : public ObjectHooks {
 public:
  bool before_pass(Engine::State&, const std::vector<Run*>&) const override { return true; }
  bool excluded(Engine::State&, Run&) const override { return false; }
  void add_derived_fields(const Config&, const Entity&, const EntityStore&, json&, std::vector<EntityIssue>&) const override {}
  long long copy_source(Engine::State&, Run&, std::vector<EntityIssue>&) const override { return 0; }
  void complete_item(Engine::State&, Run&, json& item) const override { item["categorytype"] = {{"type", "system"}, {"value", ""}}; }
  std::string unknown_custom_field(Engine::State&, const json&) const override { return {}; }
  const json* find_other(Engine::State&, Run&, const json&, json&, bool) const override { return nullptr; }
  json create_item(Engine::State&, Run&, json item) const override { return item; }
  json update_item(long long id, const json& item, const json& changes) const override {
    json update = moodle_sync::update_item(id, item, changes);
    // update_cohorts requires these on every item, changed or not.
    for (const char* k : {"categorytype", "name", "idnumber"}) update[k] = item[k];
    return update;
  }
  void reread(Engine::State& s) const override { s.queue_read(cohorts_read()); }
};

class Cohorts : public Component {
 public:
  std::string name() const override { return "cohorts"; }
  std::string entity_type(const Config& config) const override {
    return "taxonomy_term--" + config.component(name()).value("vocabulary", "");
  }
  std::string moodle_table() const override { return "cohort"; }
  std::vector<ComponentRead> reads(const Config&) const override { return {cohorts_read()}; }
  const std::vector<Key>* config_keys() const override {
    static const std::vector<Key> keys = component_section({str("vocabulary", true), typed("mapping", Type::mapping),
                                                            word("deleted", {"keep", "delete"}, "keep"),
                                                            object("membership", {word("on", {"user", "profile"}, "user"), str("field", true)})},
                                                           "{id}");
    return &keys;
  }
  void check_config(const json&, const std::string&, std::vector<ConfigIssue>&) const override {}
  const std::vector<MoodleField>& moodle_fields() const override { return kFields; }
  bool is_reserved_field(const std::string& field) const override { return field == "categorytype"; }
  json default_mapping() const override { return {{"name", "name"}, {"description", "description | html"}}; }
  bool derives(const std::string&) const override { return false; }
  const char* customfield_key() const override { return "shortname"; }
  bool unreadable(const std::string&) const override { return false; }
  std::string object_noun() const override { return "cohort"; }
  std::vector<std::string> required_functions(const Config& config) const override {
    std::vector<std::string> f = {"core_cohort_get_cohorts", "core_cohort_create_cohorts", "core_cohort_update_cohorts",
                                  "core_cohort_get_cohort_members", "core_cohort_add_cohort_members", "core_cohort_delete_cohort_members"};
    if (config.component(name()).value("deleted", "keep") == "delete") f.push_back("core_cohort_delete_cohorts");
    return f;
  }
  ComponentBatches batches() const override {
    using A = BatchSpec::Answer;
    return {batch_spec("core_cohort_create_cohorts", "cohorts", name(), A::created_list, true, Outcome::created, {"idnumber"}),
            batch_spec("core_cohort_update_cohorts", "cohorts", name(), A::none, true, Outcome::updated),
            batch_spec("core_cohort_delete_cohorts", "cohortids", name(), A::none, true, Outcome::deleted)};
  }
  std::optional<RemovalPlan> removal(const Config&) const override { return RemovalPlan{std::nullopt, "cohort", "categoryid"}; }
  void start(Engine::State&) const override {}
  bool plan_pass(Engine::State& s) const override { return s.plan_objects(*this); }
  const ObjectHooks* objects() const override { return &hooks_; }

 private:
  Hooks hooks_;
};

}  // namespace

const Component& cohorts_component() {
  static const Cohorts c;
  return c;
}

}  // namespace moodle_sync
