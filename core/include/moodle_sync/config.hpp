#pragma once
// The sync configuration: where the Drupal source and the Moodle site are, the site guard, the
// token's environment variable, the max_input_vars budget and one section per component.
#include <map>
#include <string>
#include <vector>

#include "moodle_sync/issues.hpp"
#include "moodle_sync/json.hpp"
#include "moodle_sync/mapping.hpp"

namespace moodle_sync {

struct Config {
  // The configuration with every default filled in: what the sync actually uses.
  json settings = json::object();
  // Parsed field mappings of the enabled components.
  std::map<std::string, Mapping> mappings;

  // A component's settings; an empty object for a component the file does not configure.
  const json& component(const std::string& name) const;
  bool enabled(const std::string& name) const;
};

struct ConfigResult {
  Config config;
  std::vector<ConfigIssue> issues;  // all mistakes of the file, not only the first
  bool ok() const { return issues.empty(); }
};

// `file_name` only names the file in messages; the core reads no files.
ConfigResult load_config(const std::string& text, const std::string& file_name);
ConfigResult load_config(const json& document);

// The configuration a host sends with a request: {text | config, file}. On a mistake returns false
// and sets `error` to {kind: "config", message, issues}.
bool config_from_input(const json& input, Config& config, json& error);

// "courses.json: $.moodle.url: missing value: expected ..." one line per issue.
std::string format_issues(const std::vector<ConfigIssue>& issues, const std::string& file_name);

}  // namespace moodle_sync
