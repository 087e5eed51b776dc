#pragma once
// Which Drupal entities a component syncs, and the Moodle values the sync derives itself rather
// than from the field mapping: the idnumber, the parent category, the course category.
#include <regex>
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

// The idnumbers a pattern gives to entities of a type: "course-{id}" -> ^course-([0-9]+)$, the
// entity id in the first group. An idnumber that matches belongs to some entity of that type.
std::regex idnumber_regex(const std::string& pattern, const std::string& entity_type);

// The moodle id of a referenced entity: set in `out` when known; otherwise an issue (pending when
// the referenced entity will get its id earlier in the same run).
bool referenced_moodle_id(const EntityStore& store, const json& ref, const Entity& entity, const std::string& field, long long& out,
                          std::vector<EntityIssue>& issues);

// Derived fields a component needs beyond its mapping (parent, categoryid, shortname of a
// template). Problems are reported like mapping problems: entity and field.
void add_derived_fields(const Config& config, const std::string& component, const Entity& entity,
                        const EntityStore& store, json& fields, std::vector<EntityIssue>& issues);

}  // namespace moodle_sync
