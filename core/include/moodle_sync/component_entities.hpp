#pragma once
// Which Drupal entities a component syncs, and the Moodle values the sync derives itself rather
// than from the field mapping: the idnumber, the parent category, the course category.
#include <string>
#include <vector>

#include "moodle_sync/config.hpp"
#include "moodle_sync/entity.hpp"
#include "moodle_sync/issues.hpp"

namespace moodle_sync {

// "taxonomy_term--course_categories", "node--course", "user--user", ...
std::string entity_type_of(const Config& config, const std::string& component);

// The idnumber pattern of the component applied to an entity: "course-{id}" -> "course-42".
std::string idnumber_for(const std::string& pattern, const Entity& entity);

// Derived fields a component needs beyond its mapping (parent, categoryid, shortname of a
// template). Problems are reported like mapping problems: entity and field.
void add_derived_fields(const Config& config, const std::string& component, const Entity& entity,
                        const EntityStore& store, json& fields, std::vector<EntityIssue>& issues);

}  // namespace moodle_sync
