#pragma once
// The components the core syncs, in dependency order: a component comes after those whose moodle
// ids its entities refer to. The list itself is in registry.cpp, one line per component.
#include <string>
#include <vector>

#include "engine/component.hpp"

namespace moodle_sync {

// Every component, the built-in ones in dependency order, then any added by ComponentRegistration.
const std::vector<const Component*>& components();

// nullptr for a name no component has.
const Component* find_component(const std::string& name);

// The component of that name; an unknown name is an error (std::invalid_argument), never a default.
const Component& component_named(const std::string& name);

// Adds a component after the built-in ones for as long as it lives (a component built outside the
// core, such as a test's).
class ComponentRegistration {
 public:
  explicit ComponentRegistration(const Component& component);
  ~ComponentRegistration();
  ComponentRegistration(const ComponentRegistration&) = delete;
  ComponentRegistration& operator=(const ComponentRegistration&) = delete;

 private:
  const Component* component_;
};

}  // namespace moodle_sync
