#pragma once
// The two kinds of mistakes a sync reports instead of crashing: one in the configuration (named by
// file and JSON path) and one in an entity (named by entity and field).
#include <string>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

struct ConfigIssue {
  std::string path;     // "$.components.courses.mapping.startdate"
  std::string message;  // what was expected; never a secret's value
};

struct EntityIssue {
  std::string entity;   // "node--course 42"
  std::string field;    // the Moodle field ("startdate") or the entity field in question
  std::string source;   // the source path or setting that gave the value, when there is one
  std::string message;
  bool pending = false;  // a referenced entity has no moodle id yet: it may get one later in the run
  std::string cause{};   // a referenced entity that could not be synced: the entity is skipped for it
};

json to_json(const ConfigIssue& issue);
json to_json(const EntityIssue& issue);
std::string describe(const EntityIssue& issue);  // one line for people

}  // namespace moodle_sync
