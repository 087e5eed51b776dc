// The memberships component in the registry: the members of the managed cohorts follow the
// cohorts' membership field. Configured under cohorts.membership; planning is in memberships.cpp.
#include "components/component_kit.hpp"
#include "engine/engine_state.hpp"

namespace moodle_sync {
namespace {

class Memberships : public Component {
 public:
  std::string name() const override { return "memberships"; }
  std::string entity_type(const Config&) const override { return {}; }  // one run per changed cohort, made while planning
  std::string moodle_table() const override { return "cohort"; }
  std::vector<ComponentRead> reads(const Config&) const override {
    ComponentRead members;
    members.wsfunction = "core_cohort_get_cohort_members";
    members.params = {{"cohortids", json::array()}};
    members.what = "the members of Moodle's cohorts";
    members.table = "cohort";
    members.empty_answer = json::array();
    members.whole_table = false;
    return {members};
  }
  const std::vector<config_schema::Key>* config_keys() const override { return nullptr; }
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
  std::string object_noun() const override { return "membership"; }
  std::vector<std::string> required_functions(const Config&) const override { return {}; }  // listed with cohorts
  ComponentBatches batches() const override { return {}; }
  std::optional<RemovalPlan> removal(const Config&) const override { return std::nullopt; }
  void start(Engine::State&) const override {}
  bool plan_pass(Engine::State& s) const override { return s.plan_memberships(); }
  const ObjectHooks* objects() const override { return nullptr; }
};

}  // namespace

const Component& memberships_component() {
  static const Memberships c;
  return c;
}

}  // namespace moodle_sync
