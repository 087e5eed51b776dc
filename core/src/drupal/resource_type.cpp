#include "drupal/resource_type.hpp"

#include <map>

namespace moodle_sync::drupal {
namespace {

std::string entity_type_part(const std::string& type) { return type.substr(0, type.find("--")); }

std::string bundle_part(const std::string& type) {
  auto at = type.find("--");
  return at == std::string::npos ? type : type.substr(at + 2);
}

}  // namespace

std::string collection_path(const std::string& type) { return "/jsonapi/" + entity_type_part(type) + "/" + bundle_part(type); }

// The id keys of the entity types a sync reads (each type's entity key "id"); configuration
// entities (user_role, ...) use "id", their machine name.
std::string id_key(const std::string& type) {
  static const std::map<std::string, std::string> keys = {
      {"node", "nid"}, {"taxonomy_term", "tid"}, {"user", "uid"}, {"registration", "registration_id"},
      {"profile", "profile_id"}, {"media", "mid"}, {"file", "fid"}, {"comment", "cid"}, {"group", "id"},
  };
  auto it = keys.find(entity_type_part(type));
  return "drupal_internal__" + (it == keys.end() ? std::string("id") : it->second);
}

// A registration has a workflow `state` instead of `status`; configuration entities have no
// `changed`.
bool has_status(const std::string& type) { return entity_type_part(type) != "registration"; }

bool has_changed(const std::string& type) {
  const std::string t = entity_type_part(type);
  return t == "node" || t == "taxonomy_term" || t == "user" || t == "registration" || t == "profile" || t == "media" ||
         t == "comment" || t == "group";
}

}  // namespace moodle_sync::drupal
