#pragma once
// Which JSON:API types the configuration syncs, and the JSON:API type of an entity in Drupal core's
// serialization (the webhooks module's body): entity type + bundle ("node--course").
#include <set>
#include <string>

#include "moodle_sync/config.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// The types a run reads (the collections of the read plan): an event of another type changes nothing.
std::set<std::string> synced_types(const Config& config);

// The field holding the bundle in core serialization ("type" of a node, "vid" of a term); "" for
// an entity type without bundles (user: "user--user").
std::string bundle_field(const std::string& entity_type);
// The field holding the entity id ("nid", "uid", "tid", "id").
std::string id_field(const std::string& entity_type);

// Drupal's uuids: 8-4-4-4-12 hexadecimal digits. Anything else never reaches a URL.
bool is_uuid(const std::string& text);

}  // namespace moodle_sync
