// The one list of components. A new component is a folder components/<name>/ defining a Component
// (engine/component.hpp), plus one line here, at its place in the dependency order.
#include "components/registry.hpp"

#include <algorithm>
#include <stdexcept>

namespace moodle_sync {

const Component& categories_component();
const Component& templates_component();
const Component& courses_component();
const Component& users_component();
const Component& cohorts_component();
const Component& memberships_component();
const Component& enrolments_component();
const Component& completion_component();

namespace {

std::vector<const Component*>& registered() {
  static std::vector<const Component*> list = {
      &categories_component(),
      &templates_component(),
      &courses_component(),
      &users_component(),
      &cohorts_component(),
      &memberships_component(),
      &enrolments_component(),
      &completion_component(),
  };
  return list;
}

}  // namespace

const std::vector<const Component*>& components() { return registered(); }

const Component* find_component(const std::string& name) {
  for (const Component* c : registered()) {
    if (c->name() == name) return c;
  }
  return nullptr;
}

const Component& component_named(const std::string& name) {
  const Component* c = find_component(name);
  if (!c) throw std::invalid_argument("unknown component \"" + name + "\"");
  return *c;
}

ComponentRegistration::ComponentRegistration(const Component& component) : component_(&component) {
  if (find_component(component.name())) throw std::invalid_argument("component \"" + component.name() + "\" is registered twice");
  registered().push_back(component_);
}

ComponentRegistration::~ComponentRegistration() {
  auto& list = registered();
  list.erase(std::remove(list.begin(), list.end(), component_), list.end());
}

}  // namespace moodle_sync
