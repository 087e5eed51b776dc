#pragma once
// Field mapping: `moodle field <- source path | transforms` or `moodle field <- constant`, read from
// the configuration and applied to one entity.
#include <string>
#include <vector>

#include "moodle_sync/entity.hpp"
#include "moodle_sync/issues.hpp"
#include "moodle_sync/json.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {

struct FieldRule {
  std::string target;  // Moodle field, or custom field shortname
  bool constant = false;
  json value;          // the constant
  std::string path;    // the source path
  std::vector<Transform> transforms;
  bool has_default = false;
  json default_value;  // used as is when the source is empty

  std::string source_text() const;  // "field_start | first | timestamp", for reports
};

struct Mapping {
  std::vector<FieldRule> fields;
  std::vector<FieldRule> customfields;
};

// Reads `mapping` (and `customfields` when given) of a component. Mistakes are added to `issues`
// with their JSON path under `json_path`. Defaults of the component fill fields not mapped.
Mapping parse_mapping(const json* mapping, const json* customfields, const std::string& component,
                      const std::string& json_path, std::vector<ConfigIssue>& issues);

struct MappedEntity {
  json fields = json::object();        // Moodle field -> value, in mapping order
  json customfields = json::array();   // [{shortname|type, value}]
  std::vector<EntityIssue> issues;
  bool ok() const { return issues.empty(); }
};

// Applies a mapping to an entity. Every problem names the entity and the field; the other fields are
// still mapped so that one run reports all of an entity's problems at once.
MappedEntity map_entity(const Entity& entity, const Mapping& mapping, const std::string& component,
                        const EntityStore& store);

json to_json(const MappedEntity& mapped);

}  // namespace moodle_sync
