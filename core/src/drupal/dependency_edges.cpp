// The one list of references between configured entity types, read from the configuration: who
// points at whom, so that a read fetches what is referenced and re-plans what depends on a change.
#include "drupal/dependency_edges.hpp"

#include "moodle_sync/component_entities.hpp"

namespace moodle_sync::drupal {
namespace {

std::string type_if_enabled(const Config& config, const std::string& component) {
  return config.enabled(component) ? entity_type_of(config, component) : std::string();
}

std::string first_segment(const std::string& path) { return path.substr(0, path.find('.')); }

}  // namespace

std::string profile_type(const Config& config) {
  const json& profile = config.component("users").value("profile", json());
  return config.enabled("users") && profile.is_object() ? profile.value("type", "") : std::string();
}

std::vector<Edge> dependency_edges(const Config& config) {
  std::vector<Edge> edges;
  const std::string categories = type_if_enabled(config, "categories");
  const std::string templates = type_if_enabled(config, "templates");
  const std::string cohorts = type_if_enabled(config, "cohorts");
  const std::string profile = profile_type(config);
  // A course's type matters to registrations even when courses are not synced: they are its host.
  const std::string courses = config.component("courses").is_object() && config.component("courses").contains("bundle")
                                  ? entity_type_of(config, "courses") : std::string();

  if (!categories.empty()) edges.push_back({categories, "parent", categories});  // child categories move with their parent
  if (config.enabled("courses")) {
    const json& c = config.component("courses");
    if (c.contains("category") && c["category"].contains("field")) {
      edges.push_back({courses, first_segment(c["category"]["field"].get<std::string>()), categories});
    }
    if (c.contains("template_field")) edges.push_back({courses, first_segment(c["template_field"].get<std::string>()), templates});
  }
  if (!profile.empty()) {
    edges.push_back({profile, first_segment(config.component("users")["profile"].value("user_field", "")), "user--user"});
  }
  if (!cohorts.empty()) {
    const json& m = config.component("cohorts").value("membership", json());
    if (m.is_object() && m.contains("field")) {
      bool on_profile = m.value("on", "user") == "profile";
      edges.push_back({on_profile ? profile : std::string("user--user"), first_segment(m["field"].get<std::string>()), cohorts});
    }
  }
  if (config.enabled("enrolments")) {
    const json& e = config.component("enrolments");
    if (e.contains("registration")) {
      const json& reg = e["registration"];
      const std::string type = reg.value("type", "");
      const std::string course_field = first_segment(reg.value("course_field", ""));
      edges.push_back({type, first_segment(reg.value("user_field", "")), "user--user", false, true});
      // The Registration module keeps its host as attributes: entity_id beside entity_type_id.
      edges.push_back({type, course_field, courses, course_field == "entity_id", true});
      if (reg.contains("role_field")) edges.push_back({type, first_segment(reg["role_field"].get<std::string>()), ""});
    }
    if (e.contains("course_users") && !courses.empty()) {
      edges.push_back({courses, first_segment(e["course_users"].value("field", "")), "user--user"});
    }
  }
  return edges;
}

}  // namespace moodle_sync::drupal
