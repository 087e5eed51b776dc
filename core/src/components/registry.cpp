// The one list of components. A new component is a folder components/<name>/ defining a Component
// (engine/component.hpp), plus one line here, at its place in the dependency order.
#include "components/registry.hpp"

#include <algorithm>
#include <stdexcept>

namespace moodle_sync {

// One line per component, in dependency order: a component comes after those whose moodle ids its
// entities refer to. Each names the function its folder defines: const Component& <name>_component().
#define MOODLE_SYNC_COMPONENTS(X) \
  X(categories)                   \
  X(templates)                    \
  X(courses)                      \
  X(users)                        \
  X(cohorts)                      \
  X(memberships)                  \
  X(enrolments)                   \
  X(completion)

#define MOODLE_SYNC_DECLARE(name) const Component& name##_component();
MOODLE_SYNC_COMPONENTS(MOODLE_SYNC_DECLARE)

namespace {

std::vector<const Component*>& registered() {
#define MOODLE_SYNC_ADDRESS(name) &name##_component(),
  static std::vector<const Component*> list = {MOODLE_SYNC_COMPONENTS(MOODLE_SYNC_ADDRESS)};
  return list;
}

// The components' names, in the list's order, made again after each change of the list: a
// component is looked up by name for each entity several times in a run, and name() makes a new
// string per call.
bool names_stale = true;

const std::vector<std::string>& names() {
  static std::vector<std::string> made;
  if (names_stale) {
    made.clear();
    for (const Component* c : registered()) made.push_back(c->name());
    names_stale = false;
  }
  return made;
}

}  // namespace

const std::vector<const Component*>& components() { return registered(); }

const Component* find_component(const std::string& name) {
  const std::vector<std::string>& known = names();
  for (std::size_t i = 0; i < known.size(); ++i) {
    if (known[i] == name) return registered()[i];
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
  names_stale = true;
}

ComponentRegistration::~ComponentRegistration() {
  auto& list = registered();
  list.erase(std::remove(list.begin(), list.end(), component_), list.end());
  names_stale = true;
}

}  // namespace moodle_sync
