#pragma once
// What a JSON:API read must fetch so that the engine sees what a file export gives it: the
// collections of the configured types with the fields the mapping and the components use, and
// the references the engine follows between entities (the dependency edges).
#include <string>
#include <vector>

#include "moodle_sync/config.hpp"

namespace moodle_sync::drupal {

// One reference the engine follows: entities of `from` point at entities of `to` through `field`.
// When an entity of `to` changes, the entities of `from` that point at it are planned again.
struct Edge {
  std::string from;
  std::string field;      // a relationship, or (by_id) an attribute holding the target's entity id
  std::string to;         // empty: each reference names its type (a role term, a mapped path's target)
  bool by_id = false;     // the Registration module's host: entity_id (+ entity_type_id)
  // Entities of `from` sharing a target are decided together (registrations of one user and course
  // merge into one enrolment): a changed one brings the others pointing at the same target.
  bool siblings = false;
};

struct Collection {
  std::string type;
  std::vector<std::string> fields;   // sparse fieldset: the id key first
  std::vector<std::string> include;  // relationships whose targets no collection reads
};

struct ReadPlan {
  std::vector<Collection> collections;
  std::vector<Edge> edges;
  const Collection* collection(const std::string& type) const;
};

// From a valid configuration.
ReadPlan read_plan(const Config& config);

}  // namespace moodle_sync::drupal
