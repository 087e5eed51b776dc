#pragma once
// What JSON:API calls an entity type's parts: its collection path, its id key, and which of the
// fields every read asks for the type has.
#include <string>

namespace moodle_sync::drupal {

// "/jsonapi/node/course" for "node--course"; "/jsonapi/user/user" for "user--user".
std::string collection_path(const std::string& type);

// The attribute holding the entity id: "drupal_internal__nid" for "node--course".
std::string id_key(const std::string& type);

// Whether the entity type has `status` (published, active) and `changed` base fields: asking a
// sparse fieldset for a field a type lacks is wasted, and a filter on one is a 400.
bool has_status(const std::string& type);
bool has_changed(const std::string& type);

}  // namespace moodle_sync::drupal
