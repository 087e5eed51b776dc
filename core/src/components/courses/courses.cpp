// Courses: content of a bundle -> Moodle courses, in a fixed category or the one a term reference
// names; created by copying a template course when the course names one.
#include "components/courses/course_objects.hpp"
#include "engine/engine_state.hpp"
#include "moodle_sync/component_entities.hpp"

namespace moodle_sync {
namespace {

using namespace config_schema;

class CourseHooks : public CourseObjects {
 public:
  CourseHooks() : CourseObjects(true) {}
  void add_derived_fields(const Config& config, const Entity& entity, const EntityStore& store, json& fields,
                          std::vector<EntityIssue>& issues) const override {
    const json& c = config.component("courses");
    const json& cat = c.contains("category") ? c["category"] : json::object();
    if (cat.contains("fixed")) {
      fields["categoryid"] = cat["fixed"];
    } else if (cat.contains("field")) {
      PathValue v = store.resolve(entity, cat["field"].get<std::string>());
      long long id = 0;
      bool empty = !v.found || v.value.is_null() || (v.value.is_array() && v.value.empty());
      if (empty && cat.contains("fallback")) {
        fields["categoryid"] = cat["fallback"];
      } else if (!v.found) {
        issues.push_back({entity.label(), "categoryid", cat["field"].get<std::string>(), v.problem});
      } else if (empty) {
        issues.push_back({entity.label(), "categoryid", cat["field"].get<std::string>(), "is empty and no fallback category is configured"});
      } else if (referenced_moodle_id(store, v.value.is_array() ? v.value[0] : v.value, entity, "categoryid", id, issues)) {
        fields["categoryid"] = id;
      }
    }
  }
};

class Courses : public Component {
 public:
  std::string name() const override { return "courses"; }
  std::string entity_type(const Config& config) const override {
    const json& c = config.component(name());
    return c.value("entity_type", "node") + "--" + c.value("bundle", "");
  }
  std::string moodle_table() const override { return "course"; }
  std::vector<ComponentRead> reads(const Config&) const override { return {courses_read()}; }
  const std::vector<Key>* config_keys() const override {
    static const std::vector<Key> keys = component_section({str("entity_type", false, "node"), str("bundle", true),
                                                            object("category", {id("fixed"), str("field"), id("fallback")}, true),
                                                            str("template_field"), boolean("hide_copy", false), typed("mapping", Type::mapping),
                                                            typed("customfields", Type::customfields), word("deleted", {"keep", "delete"}, "keep")});
    return &keys;
  }
  void check_config(const json& c, const std::string& at, std::vector<ConfigIssue>& issues) const override {
    if (!c.contains("category")) return;
    const json& cat = c["category"];
    if (cat.contains("fixed") == cat.contains("field")) {
      issues.push_back({at + ".category", "expected either fixed (a category id) or field (a term reference field), not both or neither"});
    }
  }
  const std::vector<MoodleField>& moodle_fields() const override { return kCourseFields; }
  bool is_reserved_field(const std::string& field) const override { return is_reserved_course_field(field); }
  json default_mapping() const override { return {{"fullname", "title"}}; }
  bool derives(const std::string&) const override { return false; }
  const char* customfield_key() const override { return "shortname"; }
  bool unreadable(const std::string&) const override { return false; }
  std::string object_noun() const override { return "course"; }
  std::vector<std::string> required_functions(const Config& config) const override { return course_functions(config, name()); }
  ComponentBatches batches() const override { return course_batches(name()); }
  std::optional<RemovalPlan> removal(const Config&) const override { return RemovalPlan{std::nullopt, "course", "categoryid"}; }
  void start(Engine::State&) const override {}
  bool plan_pass(Engine::State& s) const override { return s.plan_objects(*this); }
  const ObjectHooks* objects() const override { return &hooks_; }

 private:
  CourseHooks hooks_;
};

}  // namespace

const Component& courses_component() {
  static const Courses c;
  return c;
}

}  // namespace moodle_sync
