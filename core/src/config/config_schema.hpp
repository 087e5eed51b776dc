#pragma once
// The shape of the configuration file as data: every key, its type, default and policy words.
// Kept apart from the reader so that the README's reference and the checks cannot drift.
#include <string>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync::config_schema {

enum class Type { string, url, boolean, integer, id, word, string_list, url_list, id_list, integer_list, pattern, env_name, secret, object, mapping, customfields, sections };

struct Key {
  std::string name;
  Type type = Type::string;
  bool required = false;
  json default_value;                // null = no default
  std::vector<std::string> words;    // for Type::word
  std::vector<Key> children;         // for Type::object
  long long min = 0, max = 0;        // for Type::integer and each item of Type::integer_list (when max > min)
};

const std::vector<Key>& top_level();
// The keys of the `events` section (the serverless function), with their defaults.
const std::vector<Key>& events_keys();
// The defaults of a `jsonapi` source's own keys (auth, the environment names, reads, retries).
const json& jsonapi_source_defaults();
// A component's keys (its own, from its folder, after enabled and idnumber_pattern); an empty list
// for a component without a section.
const std::vector<Key>& component_keys(const std::string& component);

// Building blocks of the schema, for the components' own keys.
Key typed(std::string name, Type t, bool required = false, json def = nullptr);
Key str(std::string name, bool required = false, json def = nullptr);
Key boolean(std::string name, bool def);
Key id(std::string name, bool required = false, json def = nullptr);
Key word(std::string name, std::vector<std::string> words, json def);
Key integer(std::string name, long long min, long long max, long long def);
Key object(std::string name, std::vector<Key> children, bool required = false);
// Every component's keys: enabled, idnumber_pattern, then its own.
std::vector<Key> component_section(std::vector<Key> own, const char* default_pattern = "{id}");

}  // namespace moodle_sync::config_schema
