// Templates: terms of a vocabulary -> template courses in one category, which courses are copied from.
#include "components/courses/course_objects.hpp"
#include "engine/engine_state.hpp"
#include "moodle_sync/component_entities.hpp"

namespace moodle_sync {
namespace {

using namespace config_schema;

class TemplateHooks : public CourseObjects {
 public:
  TemplateHooks() : CourseObjects(false) {}
  void add_derived_fields(const Config& config, const Entity& entity, const EntityStore&, json& fields,
                          std::vector<EntityIssue>&) const override {
    const json& c = config.component("templates");
    fields["categoryid"] = c.value("category", 0);
    if (!fields.contains("shortname")) fields["shortname"] = idnumber_for(c.value("shortname_pattern", "template_[{id}]"), entity);
  }
};

class Templates : public Component {
 public:
  std::string name() const override { return "templates"; }
  std::string entity_type(const Config& config) const override {
    return "taxonomy_term--" + config.component(name()).value("vocabulary", "");
  }
  std::string moodle_table() const override { return "course"; }
  std::vector<ComponentRead> reads(const Config&) const override { return {courses_read()}; }
  const std::vector<Key>* config_keys() const override {
    static const std::vector<Key> keys = component_section({str("vocabulary", true), id("category", true),
                                                            typed("shortname_pattern", Type::pattern, false, "template_[{id}]"),
                                                            typed("mapping", Type::mapping), word("deleted", {"keep", "trash", "delete"}, "keep"),
                                                            id("trash_category")}, "template-{id}");
    return &keys;
  }
  void check_config(const json&, const std::string&, std::vector<ConfigIssue>&) const override {}
  const std::vector<MoodleField>& moodle_fields() const override { return kCourseFields; }
  bool is_reserved_field(const std::string& field) const override { return is_reserved_course_field(field); }
  json default_mapping() const override { return {{"fullname", "name"}}; }
  // The shortname comes from shortname_pattern when none is mapped.
  bool derives(const std::string& field) const override { return field == "shortname"; }
  const char* customfield_key() const override { return "shortname"; }
  bool unreadable(const std::string&) const override { return false; }
  std::string object_noun() const override { return "template"; }
  std::vector<std::string> required_functions(const Config& config) const override { return course_functions(config, name()); }
  ComponentBatches batches() const override { return course_batches(name()); }
  std::optional<RemovalPlan> removal(const Config&) const override { return RemovalPlan{std::nullopt, "course", "categoryid"}; }
  void start(Engine::State&) const override {}
  bool plan_pass(Engine::State& s) const override { return s.plan_objects(*this); }
  const ObjectHooks* objects() const override { return &hooks_; }

 private:
  TemplateHooks hooks_;
};

}  // namespace

const Component& templates_component() {
  static const Templates c;
  return c;
}

}  // namespace moodle_sync
