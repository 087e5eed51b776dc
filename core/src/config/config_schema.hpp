#pragma once
// The shape of the configuration file as data: every key, its type, default and policy words.
// Kept apart from the reader so that the README's reference and the checks cannot drift.
#include <string>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync::config_schema {

enum class Type { string, url, boolean, integer, id, word, string_list, url_list, pattern, env_name, secret, object, mapping, customfields, sections };

struct Key {
  std::string name;
  Type type = Type::string;
  bool required = false;
  json default_value;                // null = no default
  std::vector<std::string> words;    // for Type::word
  std::vector<Key> children;         // for Type::object
  long long min = 0, max = 0;        // for Type::integer (when max > min)
};

const std::vector<Key>& top_level();
const std::vector<Key>& component_keys(const std::string& component);

}  // namespace moodle_sync::config_schema
