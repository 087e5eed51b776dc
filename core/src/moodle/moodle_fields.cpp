// The Moodle fields a mapping may set are declared by each component (components/<name>/); these
// answer for a component by name.
#include "moodle_sync/moodle_fields.hpp"

#include <algorithm>

#include "components/registry.hpp"

namespace moodle_sync {

std::vector<std::string> component_names() {
  std::vector<std::string> out;
  for (const Component* c : components()) {
    if (c->config_keys()) out.push_back(c->name());
  }
  return out;
}

bool is_component(const std::string& c) {
  const Component* found = find_component(c);
  return found && found->config_keys();
}

const std::vector<MoodleField>& moodle_fields(const std::string& component) { return component_named(component).moodle_fields(); }

const MoodleField* find_moodle_field(const std::string& component, const std::string& name) {
  const auto& fields = moodle_fields(component);
  auto it = std::find_if(fields.begin(), fields.end(), [&](const MoodleField& f) { return name == f.name; });
  return it == fields.end() ? nullptr : &*it;
}

bool is_reserved_field(const std::string& component, const std::string& name) {
  if (name == "id" || name == "idnumber") return true;
  return component_named(component).is_reserved_field(name);
}

const char* to_string(FieldKind kind) {
  switch (kind) {
    case FieldKind::text: return "text";
    case FieldKind::raw: return "string";
    case FieldKind::html: return "formatted text";
    case FieldKind::integer: return "integer";
    case FieldKind::boolean: return "boolean";
    case FieldKind::username: return "username";
    case FieldKind::email: return "email";
  }
  return "?";
}

}  // namespace moodle_sync
