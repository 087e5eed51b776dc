// A component is one class behind the Component interface plus one registry entry: this test
// adds a component the core has never heard of, from outside the core's files, and syncs it
// through the same configuration reader, mapping, planner, batches and report as the built-in
// ones. An unknown component name is an error everywhere, never a fall-through to another one.
#include <gtest/gtest.h>

#include <stdexcept>

#include "components/component_kit.hpp"
#include "components/registry.hpp"
#include "engine/engine_state.hpp"
#include "moodle_sync/api.hpp"
#include "moodle_sync/moodle_fields.hpp"
#include "moodle_sync/required_functions.hpp"

namespace moodle_sync {
namespace {

using namespace config_schema;

// Tags: terms of a vocabulary -> "tags" of a fictitious Moodle plugin (local_tags_*).
const std::vector<MoodleField> kTagFields = {{"name", FieldKind::text, true, 100, nullptr}};

bool load_tags(MoodleTable& table, const json& answer) {
  table.mark_loaded();
  if (!answer.is_array()) return false;
  for (const auto& t : answer) table.put(t.at("id").get<long long>(), {{"id", t["id"]}, {"idnumber", t.value("idnumber", "")}, {"name", t.value("name", "")}});
  return true;
}

ComponentRead tags_read() { return table_read("local_tags_get_tags", "Moodle's tags", "tag", load_tags); }

class TagHooks : public ObjectHooks {
 public:
  bool before_pass(Engine::State&, const std::vector<Run*>&) const override { return true; }
  bool excluded(Engine::State&, Run&) const override { return false; }
  void add_derived_fields(const Config&, const Entity&, const EntityStore&, json&, std::vector<EntityIssue>&) const override {}
  long long copy_source(Engine::State&, Run&, std::vector<EntityIssue>&) const override { return 0; }
  void complete_item(Engine::State&, Run&, json&) const override {}
  std::string unknown_custom_field(Engine::State&, const json&) const override { return {}; }
  const json* find_other(Engine::State&, Run&, const json&, json&, bool) const override { return nullptr; }
  json create_item(Engine::State&, Run&, json item) const override { return item; }
  json update_item(long long id, const json& item, const json& changes) const override { return moodle_sync::update_item(id, item, changes); }
  void reread(Engine::State& s) const override { s.queue_read(tags_read()); }
};

class Tags : public Component {
 public:
  std::string name() const override { return "tags"; }
  std::string entity_type(const Config& config) const override { return "taxonomy_term--" + config.component(name()).value("vocabulary", ""); }
  std::string moodle_table() const override { return "tag"; }
  std::vector<ComponentRead> reads(const Config&) const override { return {tags_read()}; }
  const std::vector<Key>* config_keys() const override {
    static const std::vector<Key> keys = component_section({str("vocabulary", true), typed("mapping", Type::mapping)}, "tag-{id}");
    return &keys;
  }
  void check_config(const json&, const std::string&, std::vector<ConfigIssue>&) const override {}
  const std::vector<MoodleField>& moodle_fields() const override { return kTagFields; }
  bool is_reserved_field(const std::string&) const override { return false; }
  json default_mapping() const override { return {{"name", "name"}}; }
  bool derives(const std::string&) const override { return false; }
  const char* customfield_key() const override { return "shortname"; }
  bool unreadable(const std::string&) const override { return false; }
  std::string object_noun() const override { return "tag"; }
  std::vector<std::string> required_functions(const Config&) const override {
    return {"local_tags_get_tags", "local_tags_create_tags", "local_tags_update_tags"};
  }
  ComponentBatches batches() const override {
    using A = BatchSpec::Answer;
    return {batch_spec("local_tags_create_tags", "tags", name(), A::created_list, true, Outcome::created),
            batch_spec("local_tags_update_tags", "tags", name(), A::none, true, Outcome::updated), std::nullopt};
  }
  std::optional<RemovalPlan> removal(const Config&) const override { return std::nullopt; }
  void start(Engine::State&) const override {}
  bool plan_pass(Engine::State& s) const override { return s.plan_objects(*this); }
  const ObjectHooks* objects() const override { return &hooks_; }

 private:
  TagHooks hooks_;
};

json config_with_tags() {
  return {{"site", {{"urls", {"https://learn.example.edu"}}}},
          {"source", {{"path", "export"}}},
          {"moodle", {{"url", "https://moodle.example.edu"}, {"retry_delay_ms", 0}}},
          {"components", {{"tags", {{"vocabulary", "tags"}}}}}};
}

json tag(const std::string& uuid, int tid, const std::string& name, const std::string& moodle_id) {
  return {{"type", "taxonomy_term--tags"}, {"id", uuid},
          {"attributes", {{"drupal_internal__tid", tid}, {"name", name}, {"field_moodle_id", moodle_id}}}};
}

TEST(ComponentRegistry, ListsTheBuiltInComponentsInDependencyOrder) {
  std::vector<std::string> names;
  for (const Component* c : components()) names.push_back(c->name());
  EXPECT_EQ(names, (std::vector<std::string>{"categories", "templates", "courses", "users", "cohorts", "memberships", "enrolments", "completion"}));
}

TEST(ComponentRegistry, AComponentAddedFromOutsideTheCoreIsSyncedLikeTheBuiltInOnes) {
  static const Tags tags;
  ComponentRegistration registration(tags);

  json input = {{"config", config_with_tags()},
                {"site_url", "https://learn.example.edu"},
                {"documents", {{{"name", "export.json"},
                                {"document", {{"data", {tag("u1", 1, "Beginners", ""), tag("u2", 2, "Advanced", "5")}}}}}}},
                {"answers", {{{"status", 200}, {"body", R"([{"id": 5, "idnumber": "tag-2", "name": "Old name"}])"}},
                             {{"status", 200}, {"body", R"([{"id": 9, "name": "Beginners"}])"}},
                             {{"status", 200}, {"body", "null"}}}}};
  json out = call_api("replay_engine", input);
  ASSERT_TRUE(out.value("ok", false)) << out.dump();
  const json& v = out["value"];
  json calls = json::array();
  for (const auto& a : v["actions"]) {
    if (a.contains("call")) calls.push_back({a["call"], a["params"]});
  }
  EXPECT_EQ(calls, json::parse(R"([
    ["local_tags_get_tags", {}],
    ["local_tags_create_tags", {"tags": [{"name": "Beginners", "idnumber": "tag-1"}]}],
    ["local_tags_update_tags", {"tags": [{"id": 5, "name": "Advanced"}]}]])"));
  EXPECT_EQ(v["report"]["entities"], json::parse(R"([
    {"entity": "taxonomy_term--tags 1", "outcome": "created", "moodle_id": 9},
    {"entity": "taxonomy_term--tags 2", "outcome": "updated", "moodle_id": 5, "changed": ["name"]}])"));

  // Its configuration keys and web-service functions come from it too.
  ConfigResult config = load_config(config_with_tags());
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config.config.component("tags").value("idnumber_pattern", ""), "tag-{id}");
  EXPECT_EQ(required_functions(config.config).at("tags"),
            (std::vector<std::string>{"local_tags_get_tags", "local_tags_create_tags", "local_tags_update_tags"}));
}

TEST(ComponentRegistry, AnUnknownComponentNameIsRejected) {
  EXPECT_EQ(find_component("tags"), nullptr);  // the registration above ended with its test
  EXPECT_THROW(component_named("tags"), std::invalid_argument);
  EXPECT_THROW(moodle_fields("widgets"), std::invalid_argument);
  EXPECT_FALSE(is_component("widgets"));
  EXPECT_FALSE(is_component("memberships"));  // a component, but configured under cohorts

  ConfigResult config = load_config(config_with_tags());
  ASSERT_EQ(config.issues.size(), 1u);
  EXPECT_EQ(config.issues[0].path, "$.components.tags");
  EXPECT_EQ(config.issues[0].message,
            "unknown component: expected one of categories, templates, courses, users, cohorts, enrolments, completion");

  json out = call_api("map_entity", {{"component", "widgets"}, {"entity", tag("u1", 1, "x", "")}});
  EXPECT_EQ(out["error"]["issues"][0]["message"], "unknown component") << out.dump();
}

}  // namespace
}  // namespace moodle_sync
