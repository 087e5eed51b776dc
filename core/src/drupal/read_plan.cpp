// The collections a JSON:API read fetches and the fields of each: the mapping's source paths, the
// fields the components read themselves, and what every read needs (the id key, field_moodle_id,
// changed, status). Never the revision id: nothing uses it.
#include "drupal/read_plan.hpp"

#include <algorithm>

#include "components/registry.hpp"
#include "drupal/dependency_edges.hpp"
#include "drupal/resource_type.hpp"

namespace moodle_sync::drupal {
namespace {

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t dot = path.find('.'); ; dot = path.find('.', start)) {
    out.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

class Builder {
 public:
  explicit Builder(const Config& config) : config_(config) { plan_.edges = dependency_edges(config); }

  Collection& collection(const std::string& type) {
    for (auto& c : plan_.collections) {
      if (c.type == type) return c;
    }
    Collection c;
    c.type = type;
    c.fields = {id_key(type), "field_moodle_id"};
    if (has_changed(type)) c.fields.push_back("changed");
    if (has_status(type)) c.fields.push_back("status");
    plan_.collections.push_back(std::move(c));
    return plan_.collections.back();
  }

  // A source path read on an entity of `type`: its first field there, and when it goes on through
  // a reference, the next field on the target (when the target's type is read as a collection).
  void path(const std::string& type, const std::string& source) {
    std::vector<std::string> seg = segments(source);
    if (type == "user--user" && seg[0] == "profile" && !profile_type(config_).empty() && seg.size() > 1) {
      field(profile_type(config_), seg[1]);  // the engine attaches a user's profile as "profile"
      return;
    }
    field(type, seg[0]);
    if (seg.size() < 2) return;
    for (const Edge& e : plan_.edges) {
      if (e.from == type && e.field == seg[0] && !e.to.empty()) {
        if (has(e.to)) field(e.to, seg[1]);
        return;
      }
    }
    // A reference no component follows, only this path: its target's type is named by the data.
    plan_.edges.push_back({type, seg[0], ""});
  }

  void field(const std::string& type, const std::string& name) {
    if (has(type)) add_unique(collection(type).fields, name);
  }

  bool has(const std::string& type) const {
    return std::any_of(plan_.collections.begin(), plan_.collections.end(), [&](const Collection& c) { return c.type == type; });
  }

  ReadPlan done() {
    for (const Edge& e : plan_.edges) {
      field(e.from, e.field);
      if (e.by_id) field(e.from, "entity_type_id");
      // A reference whose targets no collection reads comes with the page that holds it: one
      // request fewer per page of targets, at the price of a copy per page.
      if (!e.by_id && (e.to.empty() || !has(e.to)) && has(e.from)) add_unique(collection(e.from).include, e.field);
    }
    return std::move(plan_);
  }

 private:
  const Config& config_;
  ReadPlan plan_;
};

}  // namespace

const Collection* ReadPlan::collection(const std::string& type) const {
  for (const auto& c : collections) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

ReadPlan read_plan(const Config& config) {
  Builder b(config);
  // Every component that plans one entity per Drupal entity reads its type's collection.
  for (const Component* c : components()) {
    if (!config.enabled(c->name())) continue;
    std::string type = c->entity_type(config);
    if (!type.empty()) b.collection(type);
  }
  if (!profile_type(config).empty()) b.collection(profile_type(config));
  for (const auto& [component, mapping] : config.mappings) {
    if (!config.enabled(component)) continue;
    std::string type = component_named(component).entity_type(config);
    for (const auto* rules : {&mapping.fields, &mapping.customfields}) {
      for (const FieldRule& rule : *rules) {
        if (!rule.constant && !rule.path.empty()) b.path(type, rule.path);
      }
    }
  }
  const json& users = config.component("users");
  if (config.enabled("users")) {
    if (!users.value("excluded_roles", json::array()).empty()) b.field("user--user", "roles");
    if (users.value("password", "create") == "field" && users.contains("password_field")) b.path("user--user", users["password_field"].get<std::string>());
    if (users.contains("profile")) b.field(profile_type(config), users["profile"].value("user_field", ""));
  }
  const json& enrolments = config.component("enrolments");
  if (config.enabled("enrolments") && enrolments.contains("registration")) {
    const json& reg = enrolments["registration"];
    for (const char* key : {"state_field", "start_field", "end_field"}) {
      if (reg.contains(key)) b.path(reg.value("type", ""), reg[key].get<std::string>());
    }
  }
  return b.done();
}

}  // namespace moodle_sync::drupal
