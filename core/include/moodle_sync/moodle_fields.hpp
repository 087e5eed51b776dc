#pragma once
// The Moodle fields a mapping may set, per component, with what Moodle accepts in each.
#include <cstddef>
#include <string>
#include <vector>

namespace moodle_sync {

enum class FieldKind {
  text,      // PARAM_TEXT/NOTAGS: Moodle refuses values that tag-stripping would change
  raw,       // any string
  html,      // formatted text; its companion format field is set to 1 (HTML)
  integer,
  boolean,   // sent as 1/0
  username,  // lower-case a-z 0-9 _ - . @
  email,
};

struct MoodleField {
  const char* name;
  FieldKind kind;
  bool required;                 // an entity without a value cannot be created
  std::size_t max_length;        // 0 = no limit known (database column sizes)
  const char* format_companion;  // "summaryformat" for "summary", else nullptr
};

// The components a configuration may have a section for, in their order.
std::vector<std::string> component_names();
bool is_component(const std::string& component);

// Fields of a component that a mapping may target (empty for components without a Moodle record).
// The component is one of the registry's: an unknown name throws std::invalid_argument.
const std::vector<MoodleField>& moodle_fields(const std::string& component);
const MoodleField* find_moodle_field(const std::string& component, const std::string& name);

// Fields the sync sets itself (idnumber, ids, category): named in errors when a mapping targets them.
bool is_reserved_field(const std::string& component, const std::string& name);

const char* to_string(FieldKind kind);

}  // namespace moodle_sync
