// The enrolments component in the registry: registrations (and course users) -> manual enrolments
// with their roles. Planning is in enrolments.cpp.
#include "components/component_kit.hpp"
#include "engine/engine_state.hpp"

namespace moodle_sync {
namespace {

using namespace config_schema;

// Field lists follow Moodle 4.5's enrol_manual_enrol_users parameters.
const std::vector<MoodleField> kFields = {
    {"roleid", FieldKind::integer, false, 0, nullptr},
    {"timestart", FieldKind::integer, false, 0, nullptr},
    {"timeend", FieldKind::integer, false, 0, nullptr},
    {"suspend", FieldKind::boolean, false, 0, nullptr},
};

class Enrolments : public Component {
 public:
  std::string name() const override { return "enrolments"; }
  std::string entity_type(const Config& config) const override {
    const json& c = config.component(name());
    return c.contains("registration") ? c["registration"].value("type", "") : std::string();
  }
  // Not a table that is read whole: the name groups registrations that would share an idnumber.
  std::string moodle_table() const override { return "enrolments"; }
  std::vector<ComponentRead> reads(const Config&) const override {
    ComponentRead enrolled;
    enrolled.wsfunction = "core_enrol_get_enrolled_users";
    enrolled.params = {{"courseid", 0}};  // one read per course where something would be enrolled
    enrolled.what = "the enrolments of a course";
    enrolled.table = "enrolments";
    enrolled.empty_answer = json::array();
    enrolled.whole_table = false;
    return {enrolled};
  }
  const std::vector<Key>* config_keys() const override {
    static const std::vector<Key> keys = component_section({object("registration", {str("type", true), str("user_field", true), str("course_field", true),
                                                                                    str("role_field"), id("default_role", false, 5), str("state_field"),
                                                                                    typed("inactive_states", Type::string_list, false, json::array()),
                                                                                    str("start_field"), str("end_field")}),
                                                            object("course_users", {str("field", true), id("role", true)}),
                                                            word("removal", {"suspend", "unenrol", "unassign_role"}, "suspend")});
    return &keys;
  }
  void check_config(const json& c, const std::string& at, std::vector<ConfigIssue>& issues) const override {
    if (!c.contains("registration") && !c.contains("course_users")) {
      issues.push_back({at, "missing value: expected registration or course_users (or both)"});
    }
  }
  const std::vector<MoodleField>& moodle_fields() const override { return kFields; }
  bool is_reserved_field(const std::string& field) const override { return field == "userid" || field == "courseid"; }
  json default_mapping() const override { return json::object(); }
  bool derives(const std::string&) const override { return false; }
  const char* customfield_key() const override { return "shortname"; }
  bool unreadable(const std::string&) const override { return false; }
  std::string object_noun() const override { return "enrolment"; }
  std::vector<std::string> required_functions(const Config&) const override {
    // Role changes and enrolments shared with a hand-made one go through role (un)assignment.
    return {"core_enrol_get_enrolled_users", "enrol_manual_enrol_users", "enrol_manual_unenrol_users",
            "core_role_assign_roles", "core_role_unassign_roles"};
  }
  ComponentBatches batches() const override { return {}; }  // built per step in enrolments.cpp
  // Enrolments are not deleted with their registration: the `removal` policy applies (enrolments.cpp).
  std::optional<RemovalPlan> removal(const Config&) const override { return std::nullopt; }
  void start(Engine::State& s) const override { s.load_enrolment_journal(); }
  bool plan_pass(Engine::State& s) const override { return s.plan_enrolments(); }
  const ObjectHooks* objects() const override { return nullptr; }
};

}  // namespace

const Component& enrolments_component() {
  static const Enrolments c;
  return c;
}

}  // namespace moodle_sync
