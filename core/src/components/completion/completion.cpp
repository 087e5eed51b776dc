// Completion: Moodle's course completions written back to Drupal registrations. Only its
// configuration exists so far: the engine plans nothing for it.
#include "components/component_kit.hpp"

namespace moodle_sync {
namespace {

using namespace config_schema;

class Completion : public Component {
 public:
  std::string name() const override { return "completion"; }
  std::string entity_type(const Config&) const override { return {}; }  // nothing planned per entity yet
  std::string moodle_table() const override { return {}; }
  std::vector<ComponentRead> reads(const Config&) const override { return {}; }
  const std::vector<Key>* config_keys() const override {
    static const std::vector<Key> keys = component_section({str("registration_type", true), str("user_field", false, "user_uid"),
                                                            str("course_field", false, "entity_id"),
                                                            object("fields", {str("completed"), str("completed_date"), str("activities")}),
                                                            str("course_total_field"),
                                                            typed("secret_env", Type::env_name, false, "MOODLE_SYNC_COMPLETION_SECRET")});
    return &keys;
  }
  void check_config(const json&, const std::string&, std::vector<ConfigIssue>&) const override {}
  const std::vector<MoodleField>& moodle_fields() const override {
    static const std::vector<MoodleField> none;
    return none;
  }
  bool is_reserved_field(const std::string&) const override { return false; }
  json default_mapping() const override { return json::object(); }
  bool derives(const std::string&) const override { return false; }
  const char* customfield_key() const override { return "shortname"; }
  bool unreadable(const std::string&) const override { return false; }
  std::string object_noun() const override { return "completion"; }
  std::vector<std::string> required_functions(const Config&) const override { return {}; }
  ComponentBatches batches() const override { return {}; }
  std::optional<RemovalPlan> removal(const Config&) const override { return std::nullopt; }
  void start(Engine::State&) const override {}
  bool plan_pass(Engine::State&) const override { return false; }
  const ObjectHooks* objects() const override { return nullptr; }
};

}  // namespace

const Component& completion_component() {
  static const Completion c;
  return c;
}

}  // namespace moodle_sync
