// Completion: Moodle's course completions written back to Drupal registrations. It plans only in a
// completion run (engine input `completion`); a sync leaves it to that run.
#include "components/completion/completion_pull.hpp"
#include "components/completion/push_run.hpp"
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
                                                            typed("secret_env", Type::env_name, false, "MOODLE_SYNC_COMPLETION_SECRET"),
                                                            id("report_id"), integer("report_page_size", 1, 1000, 100),
                                                            str("report_timezone", false, "UTC"),
                                                            integer("max_push_bytes", 1, 1LL << 30, 1048576),
                                                            typed("tracked_roles", Type::id_list, false, json::array({5}))});
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
  // What a completion run calls: the pull's reads (the report's when one is configured), and the
  // push's look-ups of the Moodle ids an event names.
  std::vector<std::string> required_functions(const Config& config) const override {
    const json& c = config.component(name());
    std::vector<std::string> out = {"core_course_get_courses_by_field", "core_enrol_get_enrolled_users", "core_user_get_users_by_field",
                                    "core_completion_get_course_completion_status"};
    if (c.contains("fields") && c["fields"].contains("activities")) out.push_back("core_completion_get_activities_completion_status");
    else if (c.contains("course_total_field")) out.push_back("core_completion_get_activities_completion_status");
    if (c.contains("report_id")) {
      out.push_back("core_reportbuilder_set_filters");
      out.push_back("core_reportbuilder_retrieve_report");
    }
    return out;
  }
  ComponentBatches batches() const override { return {}; }
  std::optional<RemovalPlan> removal(const Config&) const override { return std::nullopt; }
  void start(Engine::State&) const override {}
  bool plan_pass(Engine::State& s) const override {
    const CompletionInput& run = s.setup.completion;
    if (!run.given) return false;
    if (!s.setup.config.enabled(name())) {
      if (s.fatal.is_null()) s.fatal = {{"class", "setup"}, {"message", "components.completion: a completion run needs this section, enabled"}};
      return false;
    }
    if (run.mode == "push") return plan_completion_push(s);
    return run.mode == "pull" && plan_completion_pull(s);
  }
  const ObjectHooks* objects() const override { return nullptr; }
};

}  // namespace

const Component& completion_component() {
  static const Completion c;
  return c;
}

}  // namespace moodle_sync
